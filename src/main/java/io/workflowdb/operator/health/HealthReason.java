package io.workflowdb.operator.health;

/** Reasons of a WorkflowDatabase's Healthy condition. */
public enum HealthReason {
    /** Every check is OK (or cannot run, such as slow queries without pg_stat_statements). */
    ChecksPassed,
    /** At least one check is WARNING and none CRITICAL; the message names them. */
    ChecksWarning,
    /** At least one check is CRITICAL; the message names the checks that are not OK. */
    ChecksCritical,
    /** The database is not Ready, so it is not sampled; status.health is the last sample's. */
    NotSampled
}
