package io.workflowdb.operator.policy;

import java.time.Duration;

import io.workflowdb.operator.api.v1alpha1.RunRecord.Outcome;

/** How one slice of a scheduled run ended, as a capability's {@link RunHook} reports it. */
public sealed interface RunStep {

    /**
     * The run goes on after {@code after}: with Ready=True for a slice that made progress or waits
     * its turn, Ready=False for one that was interrupted.
     */
    record Continue(Enum<?> reason, boolean ready, String message, Duration after) implements RunStep {
    }

    /** The run ended well: Succeeded, DryRun, or Incomplete (work left for the next run). */
    record Finish(Outcome outcome, String message) implements RunStep {
    }

    /** The run failed for {@code reason}: not Ready until a run succeeds. */
    record Fail(Enum<?> reason, String message) implements RunStep {
    }
}
