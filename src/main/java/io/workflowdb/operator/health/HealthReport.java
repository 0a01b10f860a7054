package io.workflowdb.operator.health;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.workflowdb.operator.api.v1alpha1.HealthStatus;
import io.workflowdb.operator.api.v1alpha1.HealthStatus.Level;

/** The verdict of one sample: every check and the worst level among them. */
public record HealthReport(Instant takenAt, Level overall, List<HealthCheck> checks, Duration databaseTime) {

    /** The checks that are not OK, as Events and conditions name them: {@code cache_hit_ratio WARNING (91.0 < 95)}. */
    public String problems() {
        return HealthTransitions.describe(checks.stream()
                .filter(c -> c.level() == Level.WARNING || c.level() == Level.CRITICAL).toList());
    }

    /** The status subresource's form. */
    public HealthStatus toStatus(String checkedAt) {
        HealthStatus status = new HealthStatus();
        status.status = overall;
        status.checkedAt = checkedAt;
        status.checks = checks.stream().map(c -> {
            HealthStatus.Check check = new HealthStatus.Check();
            check.name = c.label();
            check.value = c.shown();
            check.threshold = c.threshold();
            check.status = c.level();
            return check;
        }).toList();
        return status;
    }
}
