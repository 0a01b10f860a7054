package io.workflowdb.operator.cluster.patroni;

/**
 * The PostgreSQL roles Patroni creates when it initialises a cluster, and the user of its REST API.
 * Their passwords live in a Secret and reach Patroni through {@link PatroniEnv}.
 */
public final class PatroniRoles {

    public static final String SUPERUSER = "postgres";
    public static final String REPLICATION = "replicator";
    /** Runs pg_rewind against the new primary; Patroni grants it only the functions pg_rewind needs. */
    public static final String REWIND = "rewind_user";
    /** HTTP Basic user of the REST API's write endpoints (PATCH /config, restart, switchover). */
    public static final String REST_API = "patroni";

    private PatroniRoles() {
    }
}
