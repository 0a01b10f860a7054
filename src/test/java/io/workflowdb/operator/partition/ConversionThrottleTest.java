package io.workflowdb.operator.partition;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.workflowdb.operator.api.v1alpha1.ConversionSpec;
import io.workflowdb.operator.api.v1alpha1.HealthStatus;
import io.workflowdb.operator.api.v1alpha1.MemberStatus;
import io.workflowdb.operator.api.v1alpha1.TimeWindow;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabaseStatus;

class ConversionThrottleTest {

    private static final Instant NOON = Instant.parse("2026-12-07T12:00:00Z");

    @Test
    void goesOnWhenNothingSaysWait() {
        assertThat(ConversionThrottle.pauseReason(conversion(), database(HealthStatus.Level.WARNING, 1000L), NOON)).isEmpty();
        assertThat(ConversionThrottle.pauseReason(conversion(), null, NOON)).isEmpty();
    }

    @Test
    void waitsWhileSuspendedOutsideItsWindowUnderCriticalHealthOrReplicationLag() {
        ConversionSpec suspended = conversion();
        suspended.suspended = true;
        assertThat(ConversionThrottle.pauseReason(suspended, null, NOON)).get().asString().startsWith("suspended");

        ConversionSpec night = conversion();
        night.window = new TimeWindow();
        night.window.schedule = "0 1 * * *";
        night.window.duration = "5h";
        assertThat(ConversionThrottle.pauseReason(night, null, NOON)).get().asString()
                .isEqualTo("outside its window; it opens at 2026-12-08T01:00:00Z");
        assertThat(ConversionThrottle.pauseReason(night, null, Instant.parse("2026-12-07T03:00:00Z"))).isEmpty();

        assertThat(ConversionThrottle.pauseReason(conversion(), database(HealthStatus.Level.CRITICAL, 0L), NOON)).get()
                .asString().isEqualTo("the database's health is CRITICAL");
        ConversionSpec lag = conversion();
        lag.maxReplicationLagBytes = 1000L;
        assertThat(ConversionThrottle.pauseReason(lag, database(HealthStatus.Level.OK, 5000L), NOON)).get().asString()
                .isEqualTo("replica workflow-db-1 lags 5000 bytes behind the primary (more than 1000)");
    }

    private static ConversionSpec conversion() {
        ConversionSpec spec = new ConversionSpec();
        spec.mode = ConversionSpec.Mode.ONLINE;
        return spec;
    }

    private static WorkflowDatabase database(HealthStatus.Level level, Long lag) {
        WorkflowDatabase db = new WorkflowDatabase();
        db.setStatus(new WorkflowDatabaseStatus());
        db.getStatus().health = new HealthStatus();
        db.getStatus().health.status = level;
        MemberStatus member = new MemberStatus();
        member.name = "workflow-db-1";
        member.lagBytes = lag;
        db.getStatus().members = List.of(member);
        return db;
    }
}
