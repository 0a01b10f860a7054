package io.workflowdb.operator.partition;

import java.util.List;

import io.workflowdb.operator.api.v1alpha1.PartitionPolicy;
import io.workflowdb.operator.api.v1alpha1.PartitionPolicySpec;
import io.workflowdb.operator.validation.SpecChecks;
import io.workflowdb.operator.validation.Violation;

/** PartitionPolicy rules beyond its CRD schema. */
public final class PartitionPolicyRules {

    private PartitionPolicyRules() {
    }

    public static List<Violation> check(PartitionPolicy policy) {
        PartitionPolicySpec spec = policy.getSpec();
        SpecChecks checks = new SpecChecks().cron("spec.schedule", spec.schedule);
        if (spec.range != null) {
            checks.timeZone("spec.range.timeZone", spec.range.timeZone);
        }
        return checks.violations();
    }
}
