package io.workflowdb.operator.api.v1alpha1;

/** Reasons of a MaintenancePolicy's Ready and LastRunSucceeded conditions. */
public enum MaintenancePolicyReason {
    /** No run is due; the last one succeeded (or there was none yet). */
    Scheduled,
    /** A run is in progress, or waits for another run's lock on the database. */
    Running,
    /** spec.suspend is set: no new run starts. */
    Suspended,
    /** At least one action of the last run failed; the message names them with PostgreSQL's words. */
    ActionFailed,
    /**
     * The connection broke or the server went away mid-run; the run stays Running and resumes with
     * the actions it has not recorded yet.
     */
    Interrupted
}
