package io.workflowdb.operator.retention;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;


import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.quarkiverse.operatorsdk.annotations.RBACRule;
import io.workflowdb.operator.api.v1alpha1.RetentionPolicy;
import io.workflowdb.operator.policy.DatabaseReferences;
import io.workflowdb.operator.policy.PolicyReconciliation;
import io.workflowdb.operator.status.ErrorStatus;

/**
 * Archives or deletes a table's old rows as its RetentionPolicy asks: validated, then, once its
 * database is Ready, runs started on schedule and worked in slices ({@link RetentionRun}).
 */
@ControllerConfiguration(name = "retentionpolicy")
@RBACRule(apiGroups = "", resources = "events", verbs = { "create", "patch" })
public class RetentionPolicyReconciler implements Reconciler<RetentionPolicy> {

    /** How soon a policy waiting for its database looks again (its database's changes also wake it). */
    static final Duration WAITING_RECHECK = Duration.ofMinutes(1);

    @Inject
    PolicyReconciliation policies;

    @Inject
    RetentionRun runs;

    @Inject
    Clock clock;

    @Override
    public UpdateControl<RetentionPolicy> reconcile(RetentionPolicy policy, Context<RetentionPolicy> context) {
        return policies.reconcile(policy, context, RetentionPolicyRules::check, runs::run, WAITING_RECHECK);
    }

    @Override
    public List<EventSource<?, RetentionPolicy>> prepareEventSources(EventSourceContext<RetentionPolicy> context) {
        return List.of(DatabaseReferences.eventSource(context));
    }

    @Override
    public ErrorStatusUpdateControl<RetentionPolicy> updateErrorStatus(RetentionPolicy policy,
            Context<RetentionPolicy> context, Exception e) {
        return ErrorStatus.of(policy, e, clock);
    }
}
