package io.workflowdb.operator.partition.plan;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.workflowdb.operator.api.v1alpha1.PartitionPolicyReason;
import io.workflowdb.operator.api.v1alpha1.PartitionPolicySpec;
import io.workflowdb.operator.api.v1alpha1.PartitionPolicySpec.PartitionRetention.Action;
import io.workflowdb.operator.api.v1alpha1.PartitionPolicySpec.RangeSpec.Interval;
import io.workflowdb.operator.partition.model.ObservedPartition;
import io.workflowdb.operator.partition.model.PartitionAction;
import io.workflowdb.operator.partition.model.PartitionAction.ConvertEmptyTable;
import io.workflowdb.operator.partition.model.PartitionAction.CreateDefaultPartition;
import io.workflowdb.operator.partition.model.PartitionAction.CreateHashPartition;
import io.workflowdb.operator.partition.model.PartitionAction.CreateParentFromTemplate;
import io.workflowdb.operator.partition.model.PartitionAction.CreateRangePartition;
import io.workflowdb.operator.partition.model.PartitionAction.DetachPartition;
import io.workflowdb.operator.partition.model.PartitionAction.DropPartition;
import io.workflowdb.operator.partition.model.PartitionAction.FinalizeDetach;
import io.workflowdb.operator.partition.model.PartitionSnapshot;

import static io.workflowdb.operator.partition.plan.Snapshots.apply;
import static io.workflowdb.operator.partition.plan.Snapshots.defaultPartition;
import static io.workflowdb.operator.partition.plan.Snapshots.hash;
import static io.workflowdb.operator.partition.plan.Snapshots.partitioned;
import static io.workflowdb.operator.partition.plan.Snapshots.pendingDetach;
import static io.workflowdb.operator.partition.plan.Snapshots.range;
import static io.workflowdb.operator.partition.plan.Snapshots.rangeSpec;
import static io.workflowdb.operator.partition.plan.Snapshots.withRetention;
import static org.assertj.core.api.Assertions.assertThat;

class PartitionPlannerTest {

    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

    private final PartitionPolicySpec monthly = rangeSpec(Interval.MONTH, "UTC", 2);

    @Test
    void emptyPartitionedTableGetsDefaultThenCurrentAndPremadeMonths() {
        List<PartitionAction> plan = PartitionPlanner.plan(monthly, partitioned(monthly, List.of()), NOW);

        assertThat(plan).containsExactly(
                new CreateDefaultPartition("workflow_events_default"),
                month("workflow_events_p2026_11", "2026-11-01", "2026-12-01"),
                month("workflow_events_p2026_12", "2026-12-01", "2027-01-01"),
                month("workflow_events_p2027_01", "2027-01-01", "2027-02-01"));
    }

    @Test
    void subpartitionedRangePartitionsCarryTheHashSettings() {
        monthly.subpartition = new PartitionPolicySpec.SubpartitionSpec();
        monthly.subpartition.hash = new PartitionPolicySpec.SubpartitionHash();
        monthly.subpartition.hash.column = "project_id";
        monthly.subpartition.hash.modulus = 4;
        monthly.defaultPartition = false;

        List<PartitionAction> plan = PartitionPlanner.plan(monthly, partitioned(monthly, List.of()), NOW);

        assertThat(plan).hasSize(3).allSatisfy(a -> assertThat(a).isInstanceOfSatisfying(CreateRangePartition.class,
                c -> assertThat(c.subpartitionColumn() + "/" + c.subpartitionModulus()).isEqualTo("project_id/4")));
    }

    @Test
    void missingTableIsAProblemWithoutActions() {
        assertThat(PartitionPlanner.plan(monthly, Snapshots.missing(), NOW)).isEmpty();
        assertThat(PartitionPlanner.problem(monthly, Snapshots.missing())).get()
                .extracting(PartitionProblem::reason).isEqualTo(PartitionPolicyReason.TableMissing);
    }

    @Test
    void dailyWithPremakeSevenMakesTodayAndTheNextSevenDays() {
        PartitionPolicySpec daily = rangeSpec(Interval.DAY, "UTC", 7);

        List<PartitionAction> plan = PartitionPlanner.plan(daily, partitioned(daily, List.of()), NOW);

        assertThat(plan).filteredOn(CreateRangePartition.class::isInstance).extracting(PartitionAction::partition)
                .containsExactly("workflow_events_p2026_11_24", "workflow_events_p2026_11_25", "workflow_events_p2026_11_26",
                        "workflow_events_p2026_11_27", "workflow_events_p2026_11_28", "workflow_events_p2026_11_29",
                        "workflow_events_p2026_11_30", "workflow_events_p2026_12_01");
    }

    @Test
    void aMissingTableWithATemplateIsCreatedFirstThenPartitioned() {
        monthly.template = "workflow_events_template";

        List<PartitionAction> plan = PartitionPlanner.plan(monthly, Snapshots.missing(), NOW);

        assertThat(PartitionPlanner.problem(monthly, Snapshots.missing())).isEmpty();
        assertThat(plan).first().isEqualTo(new CreateParentFromTemplate("workflow_events", "workflow_events_template", "range"));
        assertThat(plan).hasSize(5);
    }

    @Test
    void emptyUnpartitionedTableIsConvertedFirst() {
        PartitionSnapshot empty = Snapshots.unpartitioned(true);

        List<PartitionAction> plan = PartitionPlanner.plan(monthly, empty, NOW);

        assertThat(PartitionPlanner.problem(monthly, empty)).isEmpty();
        assertThat(plan).first().isEqualTo(new ConvertEmptyTable("workflow_events", "range"));
        assertThat(plan).hasSize(5);
    }

    @Test
    void unpartitionedTableWithRowsIsLeftAlone() {
        PartitionSnapshot full = Snapshots.unpartitioned(false);

        assertThat(PartitionPlanner.plan(monthly, full, NOW)).isEmpty();
        assertThat(PartitionPlanner.problem(monthly, full)).get()
                .extracting(PartitionProblem::reason).isEqualTo(PartitionPolicyReason.NotPartitioned);
    }

    @Test
    void otherStrategyOrKeyIsInvalidSpec() {
        PartitionSnapshot hashed = new PartitionSnapshot(true, true, "hash", List.of("occurred_at"), false, List.of(), 0);
        PartitionSnapshot otherKey = new PartitionSnapshot(true, true, "range", List.of("created_at"), false, List.of(), 0);

        assertThat(PartitionPlanner.problem(monthly, hashed)).get().extracting(PartitionProblem::reason)
                .isEqualTo(PartitionPolicyReason.InvalidSpec);
        assertThat(PartitionPlanner.problem(monthly, otherKey)).get().extracting(PartitionProblem::message)
                .asString().contains("partitioned on created_at");
        assertThat(PartitionPlanner.plan(monthly, otherKey, NOW)).isEmpty();
    }

    @Test
    void quietTableGetsNewPartitionsAsTheClockAdvancesWithoutAnyRows() {
        PartitionSnapshot state = apply(monthly, partitioned(monthly, List.of()),
                PartitionPlanner.plan(monthly, partitioned(monthly, List.of()), NOW));
        assertThat(PartitionPlanner.plan(monthly, state, NOW)).isEmpty();

        Instant threeMonthsLater = Instant.parse("2027-02-03T00:00:00Z");

        assertThat(PartitionPlanner.plan(monthly, state, threeMonthsLater)).containsExactly(
                month("workflow_events_p2027_02", "2027-02-01", "2027-03-01"),
                month("workflow_events_p2027_03", "2027-03-01", "2027-04-01"),
                month("workflow_events_p2027_04", "2027-04-01", "2027-05-01"));
    }

    @Test
    void gapsBetweenTheOldestPartitionAndNowAreFilled() {
        PartitionSnapshot old = partitioned(monthly, List.of(defaultPartition("workflow_events_default"),
                range("workflow_events_p2026_08", at("2026-08-01"), at("2026-09-01"))));

        assertThat(PartitionPlanner.plan(monthly, old, NOW)).extracting(PartitionAction::partition).containsExactly(
                "workflow_events_p2026_09", "workflow_events_p2026_10", "workflow_events_p2026_11",
                "workflow_events_p2026_12", "workflow_events_p2027_01");
    }

    @Test
    void retentionDropsAfterCreationAndKeepsTheCurrentInterval() {
        withRetention(monthly, 2, Action.DROP);
        PartitionSnapshot state = partitioned(monthly, List.of(defaultPartition("workflow_events_default"),
                range("workflow_events_p2026_08", at("2026-08-01"), at("2026-09-01")),
                range("workflow_events_p2026_09", at("2026-09-01"), at("2026-10-01")),
                range("workflow_events_p2026_10", at("2026-10-01"), at("2026-11-01")),
                range("workflow_events_p2026_11", at("2026-11-01"), at("2026-12-01"))));

        assertThat(PartitionPlanner.plan(monthly, state, NOW)).containsExactly(
                month("workflow_events_p2026_12", "2026-12-01", "2027-01-01"),
                month("workflow_events_p2027_01", "2027-01-01", "2027-02-01"),
                new DropPartition("workflow_events_p2026_08"),
                new DropPartition("workflow_events_p2026_09"));
    }

    @Test
    void retentionWithKeepOneRemovesEverythingBeforeTheCurrentIntervalByDetaching() {
        withRetention(monthly, 1, Action.DETACH);
        PartitionSnapshot state = partitioned(monthly, List.of(
                range("workflow_events_p2026_10", at("2026-10-01"), at("2026-11-01")),
                range("workflow_events_p2026_11", at("2026-11-01"), at("2026-12-01"))));

        assertThat(PartitionPlanner.plan(monthly, state, NOW)).filteredOn(a -> !(a instanceof CreateRangePartition)
                && !(a instanceof CreateDefaultPartition))
                .containsExactly(new DetachPartition("workflow_events_p2026_10"));
    }

    @Test
    void interruptedDetachIsFinalizedBeforeAnythingElse() {
        ObservedPartition old = range("workflow_events_p2026_01", at("2026-01-01"), at("2026-02-01"));
        PartitionSnapshot state = partitioned(monthly, List.of(pendingDetach(old)));

        List<PartitionAction> plan = PartitionPlanner.plan(monthly, state, NOW);

        assertThat(plan).first().isEqualTo(new FinalizeDetach("workflow_events_p2026_01"));
        // a partition on its way out is not the oldest partition to fill from
        assertThat(plan).extracting(PartitionAction::partition).doesNotContain("workflow_events_p2026_02");
    }

    @Test
    void unmanagedPartitionsAreNeitherReplacedNorRemoved() {
        withRetention(monthly, 1, Action.DROP);
        ObservedPartition wide = range("events_2026_q4", at("2026-10-01"), at("2027-01-01"));
        ObservedPartition ancient = range("events_old", at("2020-01-15"), at("2020-02-15"));
        PartitionSnapshot state = partitioned(monthly, List.of(defaultPartition("workflow_events_default"), wide, ancient));

        List<PartitionAction> plan = PartitionPlanner.plan(monthly, state, NOW);

        assertThat(plan).containsExactly(month("workflow_events_p2027_01", "2027-01-01", "2027-02-01"));
        assertThat(PartitionPlanner.unmanaged(monthly, state)).containsExactlyInAnyOrder(wide, ancient);
    }

    @Test
    void hashTableGetsItsMissingRemainders() {
        PartitionPolicySpec spec = Snapshots.hashSpec(4);
        PartitionSnapshot state = partitioned(spec, List.of(hash("task_executions_h0", 4, 0),
                hash("task_executions_h2", 4, 2)));

        assertThat(PartitionPlanner.plan(spec, state, NOW)).containsExactly(
                new CreateHashPartition("task_executions_h1", 4, 1),
                new CreateHashPartition("task_executions_h3", 4, 3));
        assertThat(PartitionPlanner.plan(spec, Snapshots.unpartitioned(true), NOW)).hasSize(5);
    }

    @Test
    void changedModulusIsRefused() {
        PartitionPolicySpec spec = Snapshots.hashSpec(4);
        PartitionSnapshot state = partitioned(spec, List.of(hash("task_executions_h0", 8, 0)));

        assertThat(PartitionPlanner.plan(spec, state, NOW)).isEmpty();
        assertThat(PartitionPlanner.problem(spec, state)).contains(new PartitionProblem(PartitionPolicyReason.InvalidSpec,
                "modulus changed from 8 to 4; changing it needs a rebuild"));
    }

    @Test
    void unknownTimeZoneIsInvalidSpec() {
        PartitionPolicySpec spec = rangeSpec(Interval.DAY, "Mars/Olympus_Mons", 3);

        assertThat(PartitionPlanner.problem(spec, partitioned(spec, List.of()))).get()
                .extracting(PartitionProblem::reason).isEqualTo(PartitionPolicyReason.InvalidSpec);
        assertThat(PartitionPlanner.plan(spec, partitioned(spec, List.of()), NOW)).isEmpty();
    }

    @Test
    void coverageFollowsTheRunThatHoldsNow() {
        PartitionSnapshot state = partitioned(monthly, List.of(defaultPartition("workflow_events_default"),
                range("workflow_events_p2026_08", at("2026-08-01"), at("2026-09-01")),
                range("workflow_events_p2026_11", at("2026-11-01"), at("2026-12-01")),
                range("workflow_events_p2026_12", at("2026-12-01"), at("2027-01-01")),
                range("workflow_events_p2027_02", at("2027-02-01"), at("2027-03-01"))));

        assertThat(PartitionCoverage.of(monthly, state, NOW))
                .isEqualTo(new PartitionCoverage(at("2026-08-01"), at("2027-01-01"), 4));
        assertThat(PartitionCoverage.of(monthly, state, at("2026-10-01")).coveredUntil()).isNull();
    }

    private static CreateRangePartition month(String name, String from, String to) {
        return new CreateRangePartition(name, at(from), at(to), null, null);
    }

    private static Instant at(String date) {
        return Instant.parse(date + "T00:00:00Z");
    }
}
