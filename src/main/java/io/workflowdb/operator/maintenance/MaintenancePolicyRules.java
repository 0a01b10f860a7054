package io.workflowdb.operator.maintenance;

import java.time.Duration;
import java.util.List;

import io.workflowdb.operator.api.v1alpha1.MaintenancePolicy;
import io.workflowdb.operator.api.v1alpha1.MaintenancePolicySpec;
import io.workflowdb.operator.validation.SpecChecks;
import io.workflowdb.operator.validation.Violation;

/** MaintenancePolicy rules beyond its CRD schema. */
public final class MaintenancePolicyRules {

    static final Duration MIN_DURATION = Duration.ofMinutes(1);
    static final Duration MAX_DURATION = Duration.ofHours(24);

    private MaintenancePolicyRules() {
    }

    public static List<Violation> check(MaintenancePolicy policy) {
        MaintenancePolicySpec spec = policy.getSpec();
        SpecChecks checks = new SpecChecks()
                .cron("spec.schedule", spec.schedule)
                .duration("spec.maxDuration", spec.maxDuration, MIN_DURATION, MAX_DURATION);
        if (spec.analyze != null) {
            checks.qualifiedIdentifiers("spec.analyze.tables", spec.analyze.tables);
        }
        if (spec.vacuum != null) {
            checks.qualifiedIdentifiers("spec.vacuum.tables", spec.vacuum.tables);
        }
        if (spec.refreshMaterializedViews != null) {
            checks.qualifiedIdentifiers("spec.refreshMaterializedViews.names", spec.refreshMaterializedViews.names);
        }
        return checks.violations();
    }
}
