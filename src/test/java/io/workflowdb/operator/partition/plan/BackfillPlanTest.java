package io.workflowdb.operator.partition.plan;

import static io.workflowdb.operator.partition.plan.Snapshots.defaultPartition;
import static io.workflowdb.operator.partition.plan.Snapshots.range;
import static io.workflowdb.operator.partition.plan.Snapshots.rangeSpec;
import static io.workflowdb.operator.partition.plan.Snapshots.withRetention;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.workflowdb.operator.api.v1alpha1.PartitionPolicySpec;
import io.workflowdb.operator.api.v1alpha1.PartitionPolicySpec.PartitionRetention.Action;
import io.workflowdb.operator.api.v1alpha1.PartitionPolicySpec.RangeSpec.Interval;
import io.workflowdb.operator.partition.model.ObservedPartition;
import io.workflowdb.operator.partition.model.PartitionAction;
import io.workflowdb.operator.partition.model.PartitionAction.BackfillRangePartition;
import io.workflowdb.operator.partition.model.PartitionSnapshot;

/** Past partitions for rows that wait in the default partition. */
class BackfillPlanTest {

    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

    @Test
    void rowsOfPastMonthsInTheDefaultGetTheirMonthsBackToTheOldestRow() {
        PartitionPolicySpec monthly = rangeSpec(Interval.MONTH, "UTC", 1);

        List<PartitionAction> plan = PartitionPlanner.plan(monthly,
                withDefaultRows(monthly, Instant.parse("2026-08-17T03:00:00Z")), NOW);

        assertThat(backfills(plan)).containsExactly("workflow_events_p2026_08 2026-08-01T00:00:00Z",
                "workflow_events_p2026_09 2026-09-01T00:00:00Z", "workflow_events_p2026_10 2026-10-01T00:00:00Z");
    }

    @Test
    void olderThanRetentionAreIncludedSoTheirRowsLeaveTheDefaultToo() {
        PartitionPolicySpec monthly = withRetention(rangeSpec(Interval.MONTH, "UTC", 1), 2, Action.DROP);

        List<PartitionAction> plan = PartitionPlanner.plan(monthly,
                withDefaultRows(monthly, Instant.parse("2026-07-02T00:00:00Z")), NOW);

        assertThat(backfills(plan)).hasSize(4).first().asString().startsWith("workflow_events_p2026_07 ");
    }

    @Test
    void aStrayAncientRowReachesBackNoFurtherThanTheBound() {
        PartitionPolicySpec monthly = rangeSpec(Interval.MONTH, "UTC", 1);

        List<PartitionAction> plan = PartitionPlanner.plan(monthly,
                withDefaultRows(monthly, Instant.parse("1970-01-01T00:00:00Z")), NOW);

        assertThat(backfills(plan)).hasSize(PartitionPlanner.BACKFILL_BOUND_INTERVALS)
                .first().asString().startsWith("workflow_events_p2016_11 ");
    }

    @Test
    void nothingWhenTheDefaultHoldsNoRows() {
        PartitionPolicySpec monthly = rangeSpec(Interval.MONTH, "UTC", 1);

        List<PartitionAction> plan = PartitionPlanner.plan(monthly, withDefaultRows(monthly, null), NOW);

        assertThat(backfills(plan)).isEmpty();
    }

    /** A table with the default partition and this month's and next month's partitions. */
    private static PartitionSnapshot withDefaultRows(PartitionPolicySpec spec, Instant oldest) {
        List<ObservedPartition> partitions = List.of(defaultPartition("workflow_events_default"),
                range("workflow_events_p2026_11", Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-12-01T00:00:00Z")),
                range("workflow_events_p2026_12", Instant.parse("2026-12-01T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z")));
        return new PartitionSnapshot(true, true, "range", List.of(spec.column), false, partitions, oldest == null ? 0 : 10,
                oldest);
    }

    private static List<String> backfills(List<PartitionAction> plan) {
        return plan.stream().filter(BackfillRangePartition.class::isInstance).map(BackfillRangePartition.class::cast)
                .map(b -> b.partition() + " " + b.from()).toList();
    }
}
