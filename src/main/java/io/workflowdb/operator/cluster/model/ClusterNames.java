package io.workflowdb.operator.cluster.model;

import java.util.LinkedHashMap;
import java.util.Map;

import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;

/**
 * Names and labels of everything the operator creates for a managed WorkflowDatabase, in one place
 * so that the objects, the Services' selectors and the connection Secret always agree.
 */
public final class ClusterNames {

    public static final String APP_NAME = "workflowdb";
    public static final String MANAGED_BY = "workflowdb-operator";
    public static final String LABEL_NAME = "app.kubernetes.io/name";
    public static final String LABEL_INSTANCE = "app.kubernetes.io/instance";
    public static final String LABEL_MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String LABEL_COMPONENT = "app.kubernetes.io/component";
    /** The label Patroni's Kubernetes DCS writes on each member pod: leader or replica. */
    public static final String ROLE_LABEL = "role";
    public static final String REPLICA_ROLE = "replica";
    /** Hash of the configuration a pod was started with; a change rolls the pods. */
    public static final String CONFIG_CHECKSUM_ANNOTATION = "workflowdb.io/config-checksum";
    /** Selects every object the operator manages, for its informers. */
    public static final String MANAGED_SELECTOR = LABEL_MANAGED_BY + "=" + MANAGED_BY;

    public static final String COMPONENT_DATABASE = "database";
    public static final String COMPONENT_POOLER = "pooler";
    public static final String COMPONENT_CREDENTIALS = "credentials";
    public static final String COMPONENT_CONNECTION = "connection";
    public static final String COMPONENT_TLS = "tls";

    private ClusterNames() {
    }

    public static String name(WorkflowDatabase db) {
        return db.getMetadata().getName();
    }

    public static String namespace(WorkflowDatabase db) {
        return db.getMetadata().getNamespace();
    }

    /** StatefulSet, headless Service, PodDisruptionBudget and Patroni scope. */
    public static String cluster(WorkflowDatabase db) {
        return name(db);
    }

    public static String member(WorkflowDatabase db, int ordinal) {
        return name(db) + "-" + ordinal;
    }

    // every other object is named <name>-<suffix>
    public static String primaryService(WorkflowDatabase db) { return name(db) + "-primary"; }
    public static String replicasService(WorkflowDatabase db) { return name(db) + "-replicas"; }
    /** ServiceAccount, Role, RoleBinding and ConfigMap of Patroni. */
    public static String patroni(WorkflowDatabase db) { return name(db) + "-patroni"; }
    public static String credentialsSecret(WorkflowDatabase db) { return name(db) + "-credentials"; }
    /** PgBouncer ConfigMap, Deployment and Service. */
    public static String pooler(WorkflowDatabase db) { return name(db) + "-pooler"; }
    public static String poolerAuthSecret(WorkflowDatabase db) { return name(db) + "-pooler-auth"; }
    /** The cluster's certificate authority, key included: read by the operator only, mounted nowhere. */
    public static String authoritySecret(WorkflowDatabase db) { return name(db) + "-ca"; }
    /** The members' and pooler's server certificate, its key and the CA certificate: mounted by their pods. */
    public static String tlsSecret(WorkflowDatabase db) { return name(db) + "-tls"; }
    public static String appSecret(WorkflowDatabase db) { return name(db) + "-app"; }

    /** The recommended labels every object carries. */
    public static Map<String, String> labels(WorkflowDatabase db, String component) {
        Map<String, String> labels = new LinkedHashMap<>(selector(db, component));
        labels.put(LABEL_NAME, APP_NAME);
        labels.put(LABEL_MANAGED_BY, MANAGED_BY);
        return labels;
    }

    /** The labels that pick one component's pods of one WorkflowDatabase. */
    public static Map<String, String> selector(WorkflowDatabase db, String component) {
        Map<String, String> selector = new LinkedHashMap<>();
        selector.put(LABEL_INSTANCE, name(db));
        selector.put(LABEL_COMPONENT, component);
        return selector;
    }
}
