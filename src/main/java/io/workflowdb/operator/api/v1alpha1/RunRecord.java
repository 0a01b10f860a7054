package io.workflowdb.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * One scheduled run of a policy, as every policy kind records it in {@code status.lastRun}; each
 * kind adds its own figures (rows, actions, partitions) in a subclass.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RunRecord {

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

    @JsonPropertyDescription("Running, Succeeded, Failed, DryRun (counted only), or Incomplete (stopped at the run's maximum duration or by suspend with work left; the next run continues).")
    public Outcome outcome;

    @JsonPropertyDescription("What the run is doing, or why it failed or stopped early.")
    public String message;

    /** Whether the run is still in progress. */
    public boolean running() {
        return outcome == Outcome.Running;
    }
}
