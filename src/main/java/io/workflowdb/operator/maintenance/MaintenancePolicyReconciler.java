package io.workflowdb.operator.maintenance;

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
import io.workflowdb.operator.api.v1alpha1.MaintenancePolicy;
import io.workflowdb.operator.policy.DatabaseReferences;
import io.workflowdb.operator.policy.PolicyReconciliation;
import io.workflowdb.operator.status.ErrorStatus;

/**
 * Runs ANALYZE, VACUUM, materialized-view refreshes and invalid-index repairs, and collects reports,
 * as a MaintenancePolicy asks: validated, then, once its database is Ready, runs started on schedule
 * ({@link MaintenanceRun}).
 */
@ControllerConfiguration(name = "maintenancepolicy")
@RBACRule(apiGroups = "", resources = "events", verbs = { "create", "patch" })
public class MaintenancePolicyReconciler implements Reconciler<MaintenancePolicy> {

    /** How soon a policy waiting for its database looks again (its database's changes also wake it). */
    static final Duration WAITING_RECHECK = Duration.ofMinutes(1);

    @Inject
    PolicyReconciliation policies;

    @Inject
    MaintenanceRun runs;

    @Inject
    Clock clock;

    @Override
    public UpdateControl<MaintenancePolicy> reconcile(MaintenancePolicy policy, Context<MaintenancePolicy> context) {
        return policies.reconcile(policy, context, MaintenancePolicyRules::check, runs::run, WAITING_RECHECK);
    }

    @Override
    public List<EventSource<?, MaintenancePolicy>> prepareEventSources(EventSourceContext<MaintenancePolicy> context) {
        return List.of(DatabaseReferences.eventSource(context));
    }

    @Override
    public ErrorStatusUpdateControl<MaintenancePolicy> updateErrorStatus(MaintenancePolicy policy,
            Context<MaintenancePolicy> context, Exception e) {
        return ErrorStatus.of(policy, e, clock);
    }
}
