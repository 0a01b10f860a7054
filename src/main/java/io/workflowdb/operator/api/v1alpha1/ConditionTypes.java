package io.workflowdb.operator.api.v1alpha1;

/**
 * Every condition type the kinds write, in one place. Each kind has {@link #READY}; the reasons of
 * each kind's conditions are in its reason enum ({@link WorkflowDatabaseReason},
 * {@link PartitionPolicyReason}, {@link RetentionPolicyReason}, {@link MaintenancePolicyReason})
 * and in {@link CommonReason}.
 */
public final class ConditionTypes {

    /** Every kind: the resource is as its spec asks. */
    public static final String READY = "Ready";

    /** WorkflowDatabase (managed): a leader runs. */
    public static final String CLUSTER_AVAILABLE = "ClusterAvailable";
    /** WorkflowDatabase (managed): every PgBouncer pod is ready. */
    public static final String POOLER_READY = "PoolerReady";
    /** WorkflowDatabase (managed): a member waits for a restart to apply a setting. */
    public static final String PENDING_RESTART = "PendingRestart";
    /** WorkflowDatabase: the latest health sample. */
    public static final String HEALTHY = "Healthy";
    /** WorkflowDatabase: migrations, indexes and materialized views are as declared. */
    public static final String SCHEMA_APPLIED = "SchemaApplied";

    /** PartitionPolicy: the premade partitions cover the policy's window. */
    public static final String PARTITIONS_READY = "PartitionsReady";
    /** RetentionPolicy and MaintenancePolicy: how the last finished run ended. */
    public static final String LAST_RUN_SUCCEEDED = "LastRunSucceeded";

    private ConditionTypes() {
    }
}
