package io.workflowdb.operator.cluster.patroni;

import java.util.Map;
import java.util.Objects;

import io.workflowdb.operator.api.v1alpha1.WorkflowDatabaseSpec;
import io.workflowdb.operator.tls.ServedTls;

/**
 * What the Patroni configuration of one cluster is made from.
 *
 * @param scope     the Patroni cluster name (the resource's name)
 * @param namespace the Kubernetes namespace of the pods, where the Kubernetes DCS keeps its objects
 * @param labels    labels Patroni selects its pods and objects by
 * @param keySpace  where the keys live with the etcd DCS
 * @param tls       the TLS the members serve
 */
public record PatroniRenderInput(String scope, String namespace, Map<String, String> labels, WorkflowDatabaseSpec spec,
        PatroniLayout layout, EtcdKeySpace keySpace, ServedTls tls) {

    /** A cluster in the namespaced etcd key space with the default TLS, as every new cluster is. */
    public PatroniRenderInput(String scope, String namespace, Map<String, String> labels, WorkflowDatabaseSpec spec,
            PatroniLayout layout) {
        this(scope, namespace, labels, spec, layout, EtcdKeySpace.NAMESPACED);
    }

    /** With the default TLS of a new cluster. */
    public PatroniRenderInput(String scope, String namespace, Map<String, String> labels, WorkflowDatabaseSpec spec,
            PatroniLayout layout, EtcdKeySpace keySpace) {
        this(scope, namespace, labels, spec, layout, keySpace, ServedTls.DEFAULT);
    }

    public PatroniRenderInput {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(keySpace, "keySpace");
        Objects.requireNonNull(tls, "tls");
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
}
