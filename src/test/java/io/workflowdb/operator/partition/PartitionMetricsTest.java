package io.workflowdb.operator.partition;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.workflowdb.operator.api.v1alpha1.PartitionPolicy;
import io.workflowdb.operator.api.v1alpha1.PartitionPolicySpec;
import io.workflowdb.operator.api.v1alpha1.PartitionPolicyStatus;
import io.workflowdb.operator.testing.MutableClock;

class PartitionMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
    private final PartitionMetrics metrics = new PartitionMetrics(registry, clock);

    @Test
    void partitionGaugesFollowStatusAndCoverageShrinksWithTheClock() {
        PartitionPolicy policy = policy("workflow_events");
        policy.getStatus().coveredUntil = "2027-02-01T00:00:00Z";
        policy.getStatus().partitions = 15;
        policy.getStatus().defaultPartitionRows = 3L;

        metrics.partition(policy);

        assertThat(gauge(PartitionMetrics.COVERAGE, "workflow_events")).isEqualTo(
                (Instant.parse("2027-02-01T00:00:00Z").getEpochSecond() - clock.instant().getEpochSecond()) * 1.0);
        assertThat(gauge(PartitionMetrics.PARTITIONS, "workflow_events")).isEqualTo(15.0);
        assertThat(gauge(PartitionMetrics.DEFAULT_ROWS, "workflow_events")).isEqualTo(3.0);

        clock.set(Instant.parse("2027-02-01T01:00:00Z"));
        assertThat(gauge(PartitionMetrics.COVERAGE, "workflow_events")).as("rows now land in the default partition")
                .isEqualTo(-3600.0);

        policy.getStatus().partitions = 16;
        metrics.partition(policy);
        assertThat(gauge(PartitionMetrics.PARTITIONS, "workflow_events")).isEqualTo(16.0);
        assertThat(registry.find(PartitionMetrics.PARTITIONS).gauges()).hasSize(1);
    }

    @Test
    void aNewTableReplacesTheSeriesAndRemovalDropsThem() {
        PartitionPolicy policy = policy("workflow_events");
        metrics.partition(policy);
        assertThat(gauge(PartitionMetrics.PARTITIONS, "workflow_events")).as("no status yet").isNaN();

        policy.getSpec().table = "task_executions";
        metrics.partition(policy);
        assertThat(registry.find(PartitionMetrics.PARTITIONS).gauges()).singleElement()
                .satisfies(g -> assertThat(g.getId().getTag("table")).isEqualTo("task_executions"));

        metrics.removePartition("apps", "events-monthly");
        assertThat(registry.find(PartitionMetrics.COVERAGE).gauges()).isEmpty();
        assertThat(metrics.partitionKeys()).isEmpty();

        policy.getSpec().table = null;
        metrics.partition(policy);
        assertThat(registry.find(PartitionMetrics.COVERAGE).gauges()).as("an invalid spec publishes nothing").isEmpty();
    }

    private double gauge(String name, String table) {
        Gauge gauge = registry.find(name).tags("namespace", "apps", "policy", "events-monthly", "table", table).gauge();
        assertThat(gauge).as(name).isNotNull();
        return gauge.value();
    }

    private static PartitionPolicy policy(String table) {
        PartitionPolicy policy = new PartitionPolicy();
        policy.setMetadata(new ObjectMetaBuilder().withName("events-monthly").withNamespace("apps").build());
        policy.setSpec(new PartitionPolicySpec());
        policy.getSpec().table = table;
        policy.setStatus(new PartitionPolicyStatus());
        return policy;
    }
}
