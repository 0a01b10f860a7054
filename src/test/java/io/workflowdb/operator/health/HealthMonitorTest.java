package io.workflowdb.operator.health;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.workflowdb.operator.api.v1alpha1.Condition;
import io.workflowdb.operator.api.v1alpha1.ConditionTypes;
import io.workflowdb.operator.api.v1alpha1.HealthStatus;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabaseReason;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabaseStatus;
import io.workflowdb.operator.status.ConditionStatus;
import io.workflowdb.operator.status.StatusAggregator;
import io.workflowdb.operator.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

class HealthMonitorTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
    private final HealthMonitor monitor = new HealthMonitor();

    @Test
    void aDatabaseThatIsNoLongerReadyHasNoCurrentHealth() {
        WorkflowDatabase db = database();
        StatusAggregator sampled = new StatusAggregator(db, clock);
        sampled.set(ConditionTypes.HEALTHY, ConditionStatus.False, WorkflowDatabaseReason.ChecksCritical, "xid_age_percent CRITICAL");
        sampled.applyTo(db.getStatus());
        db.getStatus().health = new HealthStatus();
        db.getStatus().health.checkedAt = "2026-11-24T09:59:30Z";

        StatusAggregator away = new StatusAggregator(db, clock);
        monitor.notSampled(db.getStatus(), away);
        away.applyTo(db.getStatus());

        Condition healthy = StatusAggregator.find(db.getStatus(), ConditionTypes.HEALTHY);
        assertThat(healthy.status).isEqualTo("Unknown");
        assertThat(healthy.reason).isEqualTo("NotSampled");
        assertThat(healthy.message).isEqualTo("not sampled while the database is not Ready; last sample at 2026-11-24T09:59:30Z");
        assertThat(db.getStatus().health.checkedAt).as("the last sample stays, dated").isEqualTo("2026-11-24T09:59:30Z");
    }

    @Test
    void aDatabaseNeverSampledGetsNoHealthyCondition() {
        WorkflowDatabase db = database();
        StatusAggregator conditions = new StatusAggregator(db, clock);
        monitor.notSampled(db.getStatus(), conditions);
        conditions.applyTo(db.getStatus());
        assertThat(StatusAggregator.find(db.getStatus(), ConditionTypes.HEALTHY)).isNull();
    }

    private static WorkflowDatabase database() {
        WorkflowDatabase db = new WorkflowDatabase();
        db.setMetadata(new ObjectMetaBuilder().withName("workflow-db").withNamespace("apps").withGeneration(1L).build());
        db.setStatus(new WorkflowDatabaseStatus());
        return db;
    }
}
