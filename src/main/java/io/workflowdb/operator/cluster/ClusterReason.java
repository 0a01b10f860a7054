package io.workflowdb.operator.cluster;

/** Condition reasons of a managed WorkflowDatabase, on top of the shared ones in {@code status.Reason}. */
public enum ClusterReason {
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
    NoRestartPending
}
