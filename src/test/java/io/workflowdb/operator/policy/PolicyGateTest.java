package io.workflowdb.operator.policy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.workflowdb.operator.api.v1alpha1.CommonReason;
import io.workflowdb.operator.api.v1alpha1.ConditionTypes;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabaseReason;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabaseStatus;
import io.workflowdb.operator.schema.SchemaStatusMapper;
import io.workflowdb.operator.status.ConditionStatus;
import io.workflowdb.operator.status.StatusAggregator;

import static org.assertj.core.api.Assertions.assertThat;

/** Which WorkflowDatabases a policy acts on: those that serve, whatever their schema does. */
class PolicyGateTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void aReadyDatabaseWithAFailingIndexServesEvenBeforeItsLatestSpecIsObserved() {
        WorkflowDatabase db = database(s -> s.ready(CommonReason.Connected, "connected")
                .set(ConditionTypes.SCHEMA_APPLIED, ConditionStatus.False, WorkflowDatabaseReason.IndexFailed, "idx: refused"));
        db.getMetadata().setGeneration(2L);
        assertThat(PolicyReconciliation.serves(db)).isTrue();
    }

    @Test
    void anUnreachableOrStartingDatabaseDoesNotServe() {
        assertThat(PolicyReconciliation.serves(database(s -> s.notReady(CommonReason.Unreachable, "refused")))).isFalse();
        assertThat(PolicyReconciliation.serves(database(s -> { }))).isFalse();
    }

    @Test
    void anInvalidSpecStopsThePoliciesOnlyOfADatabaseThatNeverServed() {
        WorkflowDatabase fresh = database(s -> s.notReady(CommonReason.InvalidSpec, "spec.x: wrong"));
        assertThat(PolicyReconciliation.serves(fresh)).isFalse();
        WorkflowDatabase served = database(s -> s.notReady(CommonReason.InvalidSpec, "spec.x: wrong"));
        served.getStatus().primary = "db1:5432";
        assertThat(PolicyReconciliation.serves(served)).isTrue();
    }

    private static WorkflowDatabase database(java.util.function.Consumer<StatusAggregator> conditions) {
        WorkflowDatabase db = new WorkflowDatabase();
        db.setMetadata(new ObjectMetaBuilder().withName("db").withNamespace("apps").withGeneration(1L).build());
        db.setStatus(new WorkflowDatabaseStatus());
        StatusAggregator status = new StatusAggregator(db, CLOCK);
        conditions.accept(status);
        status.applyTo(db.getStatus());
        return db;
    }
}
