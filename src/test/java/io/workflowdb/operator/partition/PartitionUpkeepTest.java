package io.workflowdb.operator.partition;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.workflowdb.operator.api.v1alpha1.CommonReason;
import io.workflowdb.operator.api.v1alpha1.Condition;
import io.workflowdb.operator.api.v1alpha1.ConditionTypes;
import io.workflowdb.operator.api.v1alpha1.PartitionPolicy;
import io.workflowdb.operator.api.v1alpha1.PartitionPolicyReason;
import io.workflowdb.operator.api.v1alpha1.PartitionPolicySpec;
import io.workflowdb.operator.api.v1alpha1.PartitionPolicyStatus;
import io.workflowdb.operator.api.v1alpha1.RunRecord.Outcome;
import io.workflowdb.operator.policy.ScheduledRuns;
import io.workflowdb.operator.status.ConditionStatus;
import io.workflowdb.operator.status.StatusAggregator;
import io.workflowdb.operator.testing.MutableClock;
import io.workflowdb.operator.testing.RecordingEvents;

import static org.assertj.core.api.Assertions.assertThat;

/** Between runs, without a database: what the upkeep writes when no run is due. */
class PartitionUpkeepTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:20:00Z"));

    @Test
    void readyFollowsTheLastRunAgainOnceTheDatabaseIsBack() {
        PartitionPolicy policy = policy();
        StatusAggregator away = new StatusAggregator(policy, clock);
        away.set(ConditionTypes.PARTITIONS_READY, ConditionStatus.True, PartitionPolicyReason.Covered, "4 partitions");
        away.notReady(CommonReason.DatabaseNotReady, "WorkflowDatabase workflow-db is not Ready");
        away.applyTo(policy.getStatus());

        StatusAggregator back = new StatusAggregator(policy, clock);
        Duration next = scheduled().run(policy, null, back, upkeep());
        back.applyTo(policy.getStatus());

        Condition ready = StatusAggregator.find(policy.getStatus(), ConditionTypes.READY);
        assertThat(ready.status).isEqualTo("True");
        assertThat(ready.reason).isEqualTo("Covered");
        assertThat(ready.message).isEqualTo("4 partitions");
        assertThat(next).as("until 11:00 and a second").isEqualTo(Duration.ofMinutes(40).plusSeconds(1));
    }

    @Test
    void aFailedRunStaysNotReadyBetweenRuns() {
        PartitionPolicy policy = policy();
        policy.getStatus().lastRun.outcome = Outcome.Succeeded;
        StatusAggregator earlier = new StatusAggregator(policy, clock);
        earlier.set(ConditionTypes.PARTITIONS_READY, ConditionStatus.False, PartitionPolicyReason.TableMissing, "no table");
        earlier.ready(CommonReason.Reconciled, "stale");
        earlier.applyTo(policy.getStatus());

        StatusAggregator now = new StatusAggregator(policy, clock);
        scheduled().run(policy, null, now, upkeep());
        now.applyTo(policy.getStatus());

        Condition ready = StatusAggregator.find(policy.getStatus(), ConditionTypes.READY);
        assertThat(ready.status).isEqualTo("False");
        assertThat(ready.reason).isEqualTo("TableMissing");
    }

    private PartitionUpkeep upkeep() {
        PartitionUpkeep upkeep = new PartitionUpkeep();
        upkeep.databases = database -> {
            throw new AssertionError("no run is due");
        };
        upkeep.events = new RecordingEvents();
        return upkeep;
    }

    /** A policy whose last run, this hour, succeeded for its current generation. */
    private static PartitionPolicy policy() {
        PartitionPolicy policy = new PartitionPolicy();
        policy.setMetadata(new ObjectMetaBuilder().withName("events-monthly").withNamespace("apps").withGeneration(1L).build());
        policy.setSpec(new PartitionPolicySpec());
        policy.getSpec().table = "workflow_events";
        policy.setStatus(new PartitionPolicyStatus());
        policy.getStatus().lastRun = new PartitionPolicyStatus.LastRun();
        policy.getStatus().lastRun.startedAt = "2026-11-24T10:00:00Z";
        policy.getStatus().lastRun.finishedAt = "2026-11-24T10:00:02Z";
        policy.getStatus().lastRun.generation = 1L;
        policy.getStatus().lastRun.outcome = Outcome.Succeeded;
        return policy;
    }

    private ScheduledRuns scheduled() {
        return new ScheduledRuns(new RecordingEvents(), clock);
    }
}
