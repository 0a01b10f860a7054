package io.workflowdb.operator.retention;

import java.time.Clock;
import java.util.List;

import jakarta.inject.Inject;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.workflowdb.operator.api.v1alpha1.RetentionPolicy;
import io.workflowdb.operator.policy.DatabaseReferences;
import io.workflowdb.operator.policy.PolicyReconciliation;
import io.workflowdb.operator.status.ErrorStatus;

@ControllerConfiguration(name = "retentionpolicy")
public class RetentionPolicyReconciler implements Reconciler<RetentionPolicy> {

    @Inject
    PolicyReconciliation policies;

    @Inject
    Clock clock;

    @Override
    public UpdateControl<RetentionPolicy> reconcile(RetentionPolicy policy, Context<RetentionPolicy> context) {
        return policies.reconcile(policy, context, RetentionPolicyRules::check);
    }

    @Override
    public List<EventSource<?, RetentionPolicy>> prepareEventSources(EventSourceContext<RetentionPolicy> context) {
        return List.of(DatabaseReferences.eventSource(context));
    }

    @Override
    public ErrorStatusUpdateControl<RetentionPolicy> updateErrorStatus(RetentionPolicy policy, Context<RetentionPolicy> context,
            Exception e) {
        return ErrorStatus.of(policy, e, clock);
    }
}
