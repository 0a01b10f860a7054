package io.workflowdb.operator.policy;

import java.time.Instant;

import io.fabric8.kubernetes.client.CustomResource;
import io.workflowdb.operator.api.v1alpha1.PolicyStatus;
import io.workflowdb.operator.api.v1alpha1.RunRecord;
import io.workflowdb.operator.api.v1alpha1.ScheduledSpec;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;

/**
 * What a capability tells {@link ScheduledRuns} about its kind: what kind of run it has, and one
 * slice of work. Everything else of a run (when it starts, continues, ends, and what status,
 * conditions and Events say of it) is the state machine's.
 */
public interface RunHook<P extends CustomResource<? extends ScheduledSpec, ? extends PolicyStatus<?>>> {

    RunKind kind();

    /** One slice of the run {@code run}; records its figures in the kind's status as it goes. */
    RunStep work(P policy, WorkflowDatabase database, RunRecord run, Instant now);

    /** The message a run ends with when the policy is suspended mid-run. */
    default String suspendedMessage(P policy, RunRecord run) {
        return "suspended; work may be left for the next run";
    }

    /** Ready's message between runs, once the last run ended well. */
    default String settledMessage(P policy) {
        return ScheduledRuns.lastAndNext(policy.getStatus());
    }

    /** The outcome condition's message after a run ended well. */
    default String outcomeMessage(P policy, RunRecord run) {
        return run.message;
    }
}
