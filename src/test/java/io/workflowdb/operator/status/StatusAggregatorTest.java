package io.workflowdb.operator.status;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.workflowdb.operator.api.v1alpha1.CommonReason;
import io.workflowdb.operator.api.v1alpha1.Condition;
import io.workflowdb.operator.api.v1alpha1.RetentionPolicy;
import io.workflowdb.operator.api.v1alpha1.RetentionPolicyStatus;

import static org.assertj.core.api.Assertions.assertThat;

class StatusAggregatorTest {

    private static final Clock T0 = Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC);
    private static final Clock T1 = Clock.fixed(Instant.parse("2026-11-24T10:05:00Z"), ZoneOffset.UTC);

    private static RetentionPolicy policy(long generation) {
        RetentionPolicy p = new RetentionPolicy();
        p.setMetadata(new ObjectMetaBuilder().withName("p").withNamespace("apps").withGeneration(generation).build());
        return p;
    }

    @Test
    void setsConditionsAndObservedGeneration() {
        RetentionPolicy p = policy(3);
        new StatusAggregator(p, T0).notReady(CommonReason.DatabaseNotFound, "missing").applyTo(p.getStatus());
        Condition ready = StatusAggregator.find(p.getStatus(), "Ready");
        assertThat(ready.status).isEqualTo("False");
        assertThat(ready.reason).isEqualTo("DatabaseNotFound");
        assertThat(ready.lastTransitionTime).isEqualTo("2026-11-24T10:00:00Z");
        assertThat(ready.observedGeneration).isEqualTo(3L);
        assertThat(p.getStatus().observedGeneration).isEqualTo(3L);
    }

    @Test
    void keepsTransitionTimeWhileStatusIsUnchangedEvenIfReasonChanges() {
        RetentionPolicy p = policy(1);
        new StatusAggregator(p, T0).notReady(CommonReason.DatabaseNotFound, "missing").applyTo(p.getStatus());
        new StatusAggregator(p, T1).notReady(CommonReason.DatabaseNotReady, "not ready").applyTo(p.getStatus());
        Condition ready = StatusAggregator.find(p.getStatus(), "Ready");
        assertThat(ready.reason).isEqualTo("DatabaseNotReady");
        assertThat(ready.lastTransitionTime).isEqualTo("2026-11-24T10:00:00Z");

        new StatusAggregator(p, T1).ready(CommonReason.Reconciled, "ok").applyTo(p.getStatus());
        assertThat(StatusAggregator.find(p.getStatus(), "Ready").lastTransitionTime).isEqualTo("2026-11-24T10:05:00Z");
    }

    @Test
    void sameOutcomeTwiceGivesAnIdenticalStatusSoNoPatch() {
        RetentionPolicy p = policy(2);
        new StatusAggregator(p, T0).ready(CommonReason.Reconciled, "ok").applyTo(p.getStatus());
        var before = StatusPatch.snapshot(p);
        new StatusAggregator(p, T1).ready(CommonReason.Reconciled, "ok").applyTo(p.getStatus());
        assertThat(StatusPatch.ifChanged(p, before).isNoUpdate()).isTrue();

        new StatusAggregator(p, T1).ready(CommonReason.Reconciled, "ok, again").applyTo(p.getStatus());
        assertThat(StatusPatch.ifChanged(p, before).isPatchStatus()).isTrue();
    }

    @Test
    void keepsConditionsNotStatedThisTimeAndPutsReadyFirst() {
        RetentionPolicy p = policy(1);
        new StatusAggregator(p, T0).set("Scheduled", ConditionStatus.True, CommonReason.Reconciled, "x").applyTo(p.getStatus());
        new StatusAggregator(p, T1).ready(CommonReason.Reconciled, "ok").applyTo(p.getStatus());
        RetentionPolicyStatus s = p.getStatus();
        assertThat(s.conditions).extracting(c -> c.type).containsExactly("Ready", "Scheduled");
    }

    @Test
    void readyForGenerationNeedsTheCurrentGeneration() {
        RetentionPolicy p = policy(1);
        new StatusAggregator(p, T0).ready(CommonReason.Reconciled, "ok").applyTo(p.getStatus());
        assertThat(StatusAggregator.isReadyForGeneration(p, p.getStatus())).isTrue();
        p.getMetadata().setGeneration(2L);
        assertThat(StatusAggregator.isReadyForGeneration(p, p.getStatus())).isFalse();
    }
}
