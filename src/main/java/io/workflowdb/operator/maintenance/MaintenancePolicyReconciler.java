package io.workflowdb.operator.maintenance;

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
import io.workflowdb.operator.api.v1alpha1.MaintenancePolicy;
import io.workflowdb.operator.policy.DatabaseReferences;
import io.workflowdb.operator.policy.PolicyReconciliation;
import io.workflowdb.operator.status.ErrorStatus;

@ControllerConfiguration(name = "maintenancepolicy")
public class MaintenancePolicyReconciler implements Reconciler<MaintenancePolicy> {

    @Inject
    PolicyReconciliation policies;

    @Inject
    Clock clock;

    @Override
    public UpdateControl<MaintenancePolicy> reconcile(MaintenancePolicy policy, Context<MaintenancePolicy> context) {
        return policies.reconcile(policy, context, MaintenancePolicyRules::check);
    }

    @Override
    public List<EventSource<?, MaintenancePolicy>> prepareEventSources(EventSourceContext<MaintenancePolicy> context) {
        return List.of(DatabaseReferences.eventSource(context));
    }

    @Override
    public ErrorStatusUpdateControl<MaintenancePolicy> updateErrorStatus(MaintenancePolicy policy, Context<MaintenancePolicy> context,
            Exception e) {
        return ErrorStatus.of(policy, e, clock);
    }
}
