package io.workflowdb.operator.partition;

import java.time.Instant;
import java.util.Optional;

import io.workflowdb.operator.api.v1alpha1.ConversionSpec;
import io.workflowdb.operator.api.v1alpha1.HealthStatus;
import io.workflowdb.operator.api.v1alpha1.MemberStatus;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.schedule.Durations;
import io.workflowdb.operator.schedule.Schedule;

/**
 * Why a conversion's copy must wait now, from its spec and what the WorkflowDatabase's status
 * says; pure. It waits while suspended, outside its window, while the database's health is
 * CRITICAL, and while a replica of a managed cluster lags more than the bound (the copy writes as
 * much WAL as the table holds).
 */
public final class ConversionThrottle {

    private ConversionThrottle() {
    }

    public static Optional<String> pauseReason(ConversionSpec conversion, WorkflowDatabase db, Instant now) {
        if (conversion.suspended()) {
            return Optional.of("suspended (spec.conversion.suspended); changes are still carried into the new table");
        }
        if (conversion.window != null) {
            Schedule window = Schedule.window(conversion.window.schedule, Durations.parse(conversion.window.duration));
            if (!window.isOpen(now)) {
                return Optional.of("outside its window; it opens at "
                        + window.next(now).map(Instant::toString).orElse("no future time"));
            }
        }
        if (db == null || db.getStatus() == null) {
            return Optional.empty();
        }
        HealthStatus health = db.getStatus().health;
        if (health != null && health.status == HealthStatus.Level.CRITICAL) {
            return Optional.of("the database's health is CRITICAL");
        }
        if (db.getStatus().members != null) {
            for (MemberStatus member : db.getStatus().members) {
                if (member.lagBytes != null && member.lagBytes > conversion.maxReplicationLagBytes()) {
                    return Optional.of("replica " + member.name + " lags " + member.lagBytes + " bytes behind the primary"
                            + " (more than " + conversion.maxReplicationLagBytes() + ")");
                }
            }
        }
        return Optional.empty();
    }
}
