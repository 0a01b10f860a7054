package io.workflowdb.operator.policy;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.workflowdb.operator.api.v1alpha1.PolicyStatus;
import io.workflowdb.operator.api.v1alpha1.ScheduledSpec;
import io.workflowdb.operator.status.ErrorStatus;
import io.workflowdb.operator.validation.SpecRules;

/**
 * The reconciler of every policy kind: the gate ({@link PolicyReconciliation}), then the kind's
 * scheduled run; woken by changes of the WorkflowDatabase it refers to; an unexpected error is
 * written to status. A kind supplies its rules and its run.
 */
public abstract class PolicyReconciler<P extends CustomResource<? extends ScheduledSpec, ? extends PolicyStatus<?>>>
        implements Reconciler<P> {

    /** How soon a policy waiting for its database looks again (its database's changes also wake it). */
    public static final Duration WAITING_RECHECK = Duration.ofMinutes(1);

    @Inject
    PolicyReconciliation policies;

    @Inject
    ScheduledRuns runs;

    @Inject
    Clock clock;

    private SpecRules<P> rules;
    private RunHook<P> hook;

    /** For the container's client proxy only; it delegates to an instance made by the other constructor. */
    protected PolicyReconciler() {
    }

    /**
     * @param rules the kind's spec rules, checked before anything else
     * @param hook  the kind's run, once the spec is valid and the database Ready
     */
    protected PolicyReconciler(SpecRules<P> rules, RunHook<P> hook) {
        this.rules = rules;
        this.hook = hook;
    }

    @Override
    public UpdateControl<P> reconcile(P policy, Context<P> context) {
        return policies.reconcile(policy, context, rules, (p, database, status) -> runs.run(p, database, status, hook),
                WAITING_RECHECK);
    }

    @Override
    public List<EventSource<?, P>> prepareEventSources(EventSourceContext<P> context) {
        return List.of(DatabaseReferences.eventSource(context));
    }

    @Override
    public ErrorStatusUpdateControl<P> updateErrorStatus(P policy, Context<P> context, Exception e) {
        return ErrorStatus.of(policy, e, clock);
    }
}
