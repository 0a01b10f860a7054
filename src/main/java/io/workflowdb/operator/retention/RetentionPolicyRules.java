package io.workflowdb.operator.retention;

import java.time.Duration;
import java.util.List;

import io.workflowdb.operator.api.v1alpha1.RetentionPolicy;
import io.workflowdb.operator.api.v1alpha1.RetentionPolicySpec;
import io.workflowdb.operator.validation.SpecChecks;
import io.workflowdb.operator.validation.Violation;

/** RetentionPolicy rules beyond its CRD schema. */
public final class RetentionPolicyRules {

    static final Duration MIN_AGE = Duration.ofHours(1);
    static final Duration MIN_RUN = Duration.ofSeconds(10);
    static final Duration MAX_RUN = Duration.ofHours(24);

    private RetentionPolicyRules() {
    }

    public static List<Violation> check(RetentionPolicy policy) {
        RetentionPolicySpec spec = policy.getSpec();
        return new SpecChecks()
                .cron("spec.schedule", spec.schedule)
                .duration("spec.olderThan", spec.olderThan, MIN_AGE, null)
                .duration("spec.maxDurationPerRun", spec.maxDurationPerRun, MIN_RUN, MAX_RUN)
                .violations();
    }
}
