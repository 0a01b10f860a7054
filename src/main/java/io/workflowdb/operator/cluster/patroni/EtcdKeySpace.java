package io.workflowdb.operator.cluster.patroni;

import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Where a cluster's keys live in etcd. Patroni keeps them under {@code <namespace><scope>/}; its
 * default namespace {@code /service/} makes two Kubernetes namespaces' clusters of the same name share
 * one key space.
 */
public enum EtcdKeySpace {

    /**
     * {@code /workflowdb/<kubernetes namespace>/<name>/}: disjoint across namespaces (neither part can
     * hold a {@code /}) and from every {@code /service/...} key, including those of legacy clusters.
     */
    NAMESPACED,

    /**
     * {@code /service/<name>/}, Patroni's default, where clusters made by earlier operator versions keep
     * their keys. Kept only for a cluster whose rendered configuration already uses it, so that an
     * upgrade never moves a running cluster to an empty key space (where a member would take the
     * leader lock next to the running primary).
     */
    LEGACY;

    static final String ROOT = "/workflowdb/";

    /**
     * On a WorkflowDatabase, {@code namespaced} moves a legacy cluster to the namespaced key space (the
     * last step of the documented migration). Nothing selects the legacy key space for a cluster.
     */
    public static final String ANNOTATION = "workflowdb.io/etcd-key-space";
    public static final String ANNOTATION_NAMESPACED = "namespaced";

    /** Patroni's {@code namespace} setting for a cluster in this Kubernetes namespace; null for Patroni's default. */
    String patroniNamespace(String kubernetesNamespace) {
        return this == NAMESPACED ? ROOT + kubernetesNamespace + "/" : null;
    }

    /**
     * The key space of a cluster whose current patroni.yml is {@code existingYaml} (null when none was
     * rendered yet): legacy only when that file uses etcd without a {@code namespace}, which only
     * earlier operator versions rendered. A file the typed model does not read is looked at as plain
     * YAML; only one that is not YAML at all counts as new. The {@link #ANNOTATION} value
     * {@code namespaced} (may be null) moves a legacy cluster.
     */
    public static EtcdKeySpace of(String existingYaml, String annotation) {
        if (existingYaml == null || ANNOTATION_NAMESPACED.equals(annotation)) {
            return NAMESPACED;
        }
        try {
            PatroniConfig existing = PatroniYaml.read(existingYaml);
            return existing.etcd3() != null && existing.namespace() == null ? LEGACY : NAMESPACED;
        } catch (IllegalArgumentException e) {
            try {
                Map<?, ?> plain = new ObjectMapper(new YAMLFactory()).readValue(existingYaml, Map.class);
                return plain != null && plain.containsKey("etcd3") && !plain.containsKey("namespace") ? LEGACY : NAMESPACED;
            } catch (JsonProcessingException notYaml) {
                return NAMESPACED;
            }
        }
    }
}
