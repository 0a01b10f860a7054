package io.workflowdb.operator.cluster.patroni;

/**
 * Environment variables the Patroni container must set: the values the rendered file leaves out
 * because they are secret or differ per pod. Patroni merges them over the file at start-up.
 */
public final class PatroniEnv {

    /** The member name: the pod name. */
    public static final String NAME = "PATRONI_NAME";
    /** {@code <pod IP>:8008}, where the other members and the operator reach this member's REST API. */
    public static final String RESTAPI_CONNECT_ADDRESS = "PATRONI_RESTAPI_CONNECT_ADDRESS";
    /** {@code <pod IP>:5432}, where replicas stream from this member. */
    public static final String POSTGRESQL_CONNECT_ADDRESS = "PATRONI_POSTGRESQL_CONNECT_ADDRESS";

    public static final String SUPERUSER_PASSWORD = "PATRONI_SUPERUSER_PASSWORD";
    public static final String REPLICATION_PASSWORD = "PATRONI_REPLICATION_PASSWORD";
    public static final String REWIND_PASSWORD = "PATRONI_REWIND_PASSWORD";
    /** Required: Patroni refuses to start with a REST API user name but no password. */
    public static final String RESTAPI_PASSWORD = "PATRONI_RESTAPI_PASSWORD";

    /**
     * The etcd user and password, from {@code spec.patroni.etcd.credentialsSecret}. Patroni 3.0 reads
     * them only when another {@code PATRONI_ETCD3_*} variable creates the etcd3 section from the
     * environment, so {@link #ETCD3_PROTOCOL} is set with them.
     */
    public static final String ETCD3_USERNAME = "PATRONI_ETCD3_USERNAME";
    public static final String ETCD3_PASSWORD = "PATRONI_ETCD3_PASSWORD";
    /** {@code http}, or {@code https} with {@code spec.patroni.etcd.tlsSecret}; the same value as in the file. */
    public static final String ETCD3_PROTOCOL = "PATRONI_ETCD3_PROTOCOL";

    private PatroniEnv() {
    }
}
