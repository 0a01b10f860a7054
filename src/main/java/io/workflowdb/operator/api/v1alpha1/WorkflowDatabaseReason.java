package io.workflowdb.operator.api.v1alpha1;

/**
 * Condition reasons of a WorkflowDatabase, on top of the shared ones in {@link CommonReason}: of
 * Ready, ClusterAvailable, PoolerReady and PendingRestart (a managed cluster), of Healthy, and of
 * SchemaApplied.
 */
public enum WorkflowDatabaseReason {
    /** The objects exist; members are starting and no leader is running yet. */
    Creating,
    /** A {@code <name>-credentials} Secret exists that the operator did not make: nothing is created. */
    CredentialsConflict,
    /** A leader runs and every member is running. */
    Running,
    /** A leader runs but fewer members run than spec.instances asks for. */
    Degraded,
    /** Members answer but none of them is the leader. */
    NoLeader,
    /** No member's Patroni REST API answered. */
    PatroniUnreachable,
    /** The owner role, the database or the pooler's lookup function could not be created; the message says why. */
    SetupFailed,
    /** Every PgBouncer pod is ready. */
    PoolerRunning,
    /** Fewer PgBouncer pods are ready than spec.pgbouncer.instances asks for. */
    PoolerNotReady,
    /** spec.pgbouncer.enabled is false: nothing to wait for. */
    PoolerDisabled,
    /** A setting changed that PostgreSQL applies only after a restart of the members named. */
    RestartRequired,
    /** Every member runs with its configured settings. */
    NoRestartPending,

    // Healthy
    /** Every check is OK (or cannot run, such as slow queries without pg_stat_statements). */
    ChecksPassed,
    /** At least one check is WARNING and none CRITICAL; the message names them. */
    ChecksWarning,
    /** At least one check is CRITICAL; the message names the checks that are not OK. */
    ChecksCritical,
    /** The database is not Ready, so it is not sampled; status.health is the last sample's. */
    NotSampled,

    // SchemaApplied
    /** Migrations, indexes and views are as declared. */
    Applied,
    /** A migration failed and was rolled back; the message names the file and PostgreSQL's error. */
    MigrationFailed,
    /** An applied migration was edited afterwards; nothing was changed. */
    ChecksumMismatch,
    /** A migration's name is not V<version>__<description>.sql. */
    InvalidMigrationName,
    /** A ConfigMap named in spec.schema.migrations does not exist. */
    ConfigMapNotFound,
    /** One or more indexes could not be built; status.schema.indexes.errors says why. */
    IndexFailed,
    /** One or more materialized views could not be created or refreshed. */
    ViewFailed,
    /** Another session (a second operator replica, or the apply command) is applying the schema. */
    Busy,
    /** The database could not be reached for the schema pass. */
    Unreachable
}
