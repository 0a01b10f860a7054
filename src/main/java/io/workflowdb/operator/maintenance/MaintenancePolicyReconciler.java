package io.workflowdb.operator.maintenance;

import jakarta.inject.Inject;

import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.quarkiverse.operatorsdk.annotations.RBACRule;
import io.workflowdb.operator.api.v1alpha1.MaintenancePolicy;
import io.workflowdb.operator.policy.PolicyReconciler;

/**
 * Vacuums, analyzes, refreshes and reindexes as a MaintenancePolicy asks: validated, then, once its
 * database is Ready, runs started on schedule and worked in slices ({@link MaintenanceRun}).
 */
@ControllerConfiguration(name = "maintenancepolicy")
@RBACRule(apiGroups = "", resources = "events", verbs = { "create", "patch" })
public class MaintenancePolicyReconciler extends PolicyReconciler<MaintenancePolicy> {

    @Inject
    public MaintenancePolicyReconciler(MaintenanceRun runs) {
        super(MaintenancePolicyRules::check, runs);
    }
}
