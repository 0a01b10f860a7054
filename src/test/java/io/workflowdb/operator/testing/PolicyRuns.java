package io.workflowdb.operator.testing;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.workflowdb.operator.api.v1alpha1.PolicyStatus;
import io.workflowdb.operator.api.v1alpha1.ScheduledSpec;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.policy.RunHook;
import io.workflowdb.operator.policy.ScheduledRuns;
import io.workflowdb.operator.status.StatusAggregator;

/**
 * Drives a kind's scheduled runs as the operator does, without the operator: the one state machine
 * with an injected clock and recorded Events, against {@code workflow-db} in namespace {@code apps}.
 */
public final class PolicyRuns {

    private final ScheduledRuns runs;
    private final Clock clock;
    private final RecordingEvents events = new RecordingEvents();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    public PolicyRuns(Clock clock) {
        this.runs = new ScheduledRuns(events, clock);
        this.clock = clock;
    }

    /** The reasons of the Events the runs recorded, in order. */
    public List<String> events() {
        return events.reasons();
    }

    /** Where the hooks under test count. */
    public SimpleMeterRegistry registry() {
        return registry;
    }

    /** One reconcile's run step with {@code conditions} left to the caller; returns when to look again. */
    public <P extends CustomResource<? extends ScheduledSpec, ? extends PolicyStatus<?>>> Duration step(P policy,
            StatusAggregator conditions, RunHook<P> hook) {
        return runs.run(policy, database(), conditions, hook);
    }

    /** One reconcile, its conditions applied to status. */
    public <P extends CustomResource<? extends ScheduledSpec, ? extends PolicyStatus<?>>> Duration reconcile(P policy,
            RunHook<P> hook) {
        StatusAggregator conditions = new StatusAggregator(policy, clock);
        Duration next = step(policy, conditions, hook);
        conditions.applyTo(policy.getStatus());
        return next;
    }

    /** Reconciles until the policy waits for its next time; returns that wait. */
    public <P extends CustomResource<? extends ScheduledSpec, ? extends PolicyStatus<?>>> Duration settle(P policy,
            RunHook<P> hook) {
        for (int i = 0; i < 20; i++) {
            Duration next = reconcile(policy, hook);
            if (next.compareTo(ScheduledRuns.NEXT_SLICE) > 0) {
                return next;
            }
        }
        throw new AssertionError("the policy never settled: " + Serialization.asJson(policy.getStatus()));
    }

    /** The policy as a restarted operator reads it back from the API server. */
    @SuppressWarnings("unchecked")
    public static <P extends CustomResource<?, ?>> P restart(P policy) {
        return (P) Serialization.unmarshal(Serialization.asJson(policy), policy.getClass());
    }

    /** The WorkflowDatabase the policies refer to; the hooks under test get their DataSource elsewhere. */
    public static WorkflowDatabase database() {
        WorkflowDatabase database = new WorkflowDatabase();
        database.setMetadata(new ObjectMetaBuilder().withName("workflow-db").withNamespace("apps").build());
        return database;
    }
}
