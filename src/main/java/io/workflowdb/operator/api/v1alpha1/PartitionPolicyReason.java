package io.workflowdb.operator.api.v1alpha1;

/** Reasons of the PartitionsReady condition (and of Ready, which follows it). */
public enum PartitionPolicyReason {
    /** Every partition the policy asks for exists; the message says until when inserts are covered. */
    Covered,
    /** The table does not exist. */
    TableMissing,
    /** The table holds rows and is not partitioned. */
    NotPartitioned,
    /** An online conversion runs; the message says its phase and progress. */
    Converting,
    /** An online conversion waits: suspended, outside its window, or the database is under pressure. */
    ConversionPaused,
    /** The table cannot be converted online as it is; the message names what and the fix. Nothing was changed. */
    ConversionRefused,
    /** The table's partitioning contradicts the policy (strategy, key, modulus). */
    InvalidSpec,
    /** A step failed (a lock timeout, for instance); it is retried a minute later. */
    RunFailed,
    /** The database could not be reached. */
    Unreachable
}
