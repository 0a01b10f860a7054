package io.workflowdb.operator.api.v1alpha1;

/**
 * The status of a kind whose runs follow a cron schedule (RetentionPolicy, MaintenancePolicy), as
 * the run logic they share reads and writes it. Not a bean property: Jackson and the CRD generator
 * see only the fields.
 */
public interface ScheduledRunStatus {

    /** The last run's message, or null before the first run. */
    String lastRunMessage();

    /** Whether the last run is still in progress. */
    boolean runInProgress();

    /** The generation of the spec the last run started with, or null. */
    Long lastRunGeneration();

    /** When the last run started (RFC 3339), or null. */
    String lastRunStartedAt();

    /** When the next run is due (RFC 3339), or null. */
    String nextRunAt();

    void nextRunAt(String nextRun);
}
