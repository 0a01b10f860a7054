package io.workflowdb.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class RetentionPolicyStatus extends BaseStatus implements ScheduledRunStatus {

    @JsonPropertyDescription("The latest run, or the one in progress.")
    public Run lastRun;

    @JsonPropertyDescription("Rows moved or deleted by every run so far.")
    public Long totalRows;

    @JsonPropertyDescription("When the next run is due (RFC 3339).")
    public String nextRun;

    @Override
    public String lastRunMessage() {
        return lastRun == null ? null : lastRun.message;
    }

    @Override
    public boolean runInProgress() {
        return lastRun != null && lastRun.outcome == Run.Outcome.Running;
    }

    @Override
    public Long lastRunGeneration() {
        return lastRun == null ? null : lastRun.generation;
    }

    @Override
    public String lastRunStartedAt() {
        return lastRun == null ? null : lastRun.startedAt;
    }

    @Override
    public String nextRunAt() {
        return nextRun;
    }

    @Override
    public void nextRunAt(String nextRun) {
        this.nextRun = nextRun;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Run {

        public enum Outcome {
            Running,
            Succeeded,
            Failed,
            DryRun,
            Incomplete
        }

        @JsonPropertyDescription("The metadata.generation of the spec the run started with; a newer spec starts a run at once.")
        public Long generation;

        @JsonPropertyDescription("When the run started (RFC 3339).")
        public String startedAt;

        @JsonPropertyDescription("When the run finished (RFC 3339); empty while it runs.")
        public String finishedAt;

        @JsonPropertyDescription("Rows archived or deleted by this run, or counted by a dry run.")
        public Long rows;

        @JsonPropertyDescription("Transactions committed by this run.")
        public Integer batches;

        @JsonPropertyDescription("Running, Succeeded, Failed, DryRun, or Incomplete (stopped at maxDurationPerRun or by suspend with rows left; the next run continues).")
        public Outcome outcome;

        @JsonPropertyDescription("What the run is doing, or why it failed or stopped early.")
        public String message;
    }
}
