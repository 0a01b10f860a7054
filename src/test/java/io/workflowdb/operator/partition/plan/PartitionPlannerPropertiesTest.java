package io.workflowdb.operator.partition.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.workflowdb.operator.api.v1alpha1.PartitionPolicySpec;
import io.workflowdb.operator.api.v1alpha1.PartitionPolicySpec.PartitionRetention.Action;
import io.workflowdb.operator.api.v1alpha1.PartitionPolicySpec.RangeSpec.Interval;
import io.workflowdb.operator.partition.model.ObservedPartition;
import io.workflowdb.operator.partition.model.PartitionAction;
import io.workflowdb.operator.partition.model.PartitionSnapshot;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Invariants of a range plan, checked on the snapshot after the plan ran, over random policies, clocks and states. */
class PartitionPlannerPropertiesTest {

    private static final long FROM_2020 = Instant.parse("2020-01-01T00:00:00Z").getEpochSecond();
    private static final long TO_2035 = Instant.parse("2035-12-31T23:59:59Z").getEpochSecond();

    /** A policy, a clock, and a starting state drawn from the partitions the policy would want. */
    record Case(PartitionPolicySpec spec, Instant now, PartitionSnapshot before) {
        @Override
        public String toString() {
            return spec.range.interval + " " + spec.range.timeZone + " premake=" + spec.range.premake
                    + (spec.retention == null ? "" : " keep=" + spec.retention.keep + " " + spec.retention.action)
                    + " now=" + now + " partitions=" + before.partitions().stream().map(ObservedPartition::name).toList();
        }
    }

    @Property(tries = 400)
    void coverageIsContiguousFromTheOldestKeptPartitionToPremake(@ForAll("cases") Case c) {
        RangeBounds bounds = RangeSettings.of(c.spec()).bounds();
        Instant end = bounds.shift(c.now(), c.spec().range.premake + 1L);
        // partitions made earlier beyond today's premake horizon stay as they are, gaps included
        List<ObservedPartition> after = ranges(applied(c)).stream().filter(p -> p.from().isBefore(end)).toList();

        assertThat(after).isNotEmpty();
        for (int i = 1; i < after.size(); i++) {
            assertThat(after.get(i).from()).as("no gap and no overlap").isEqualTo(after.get(i - 1).to());
        }
        assertThat(after).allSatisfy(p -> assertThat(bounds.isInterval(p.from(), p.to())).isTrue());
        assertThat(after.get(after.size() - 1).to()).isEqualTo(end);
    }

    @Property(tries = 400)
    void atLeastPremakeFuturePartitionsAndOneHoldingNow(@ForAll("cases") Case c) {
        List<ObservedPartition> after = ranges(applied(c));

        assertThat(after).filteredOn(p -> !p.from().isAfter(c.now()) && p.to().isAfter(c.now())).hasSize(1);
        assertThat(after).filteredOn(p -> p.from().isAfter(c.now())).hasSizeGreaterThanOrEqualTo(c.spec().range.premake);
    }

    @Property(tries = 400)
    void retentionNeverRemovesThePartitionHoldingNowAndComesAfterCreation(@ForAll("cases") Case c) {
        List<PartitionAction> plan = PartitionPlanner.plan(c.spec(), c.before(), c.now());
        List<String> removed = plan.stream().filter(a -> a instanceof PartitionAction.DropPartition
                || a instanceof PartitionAction.DetachPartition).map(PartitionAction::partition).toList();

        assertThat(c.before().partitions()).filteredOn(p -> removed.contains(p.name()))
                .allSatisfy(p -> assertThat(p.to()).isBeforeOrEqualTo(c.now()));
        int lastCreate = lastIndexOf(plan, a -> a instanceof PartitionAction.CreateRangePartition
                || a instanceof PartitionAction.CreateDefaultPartition);
        int firstRemove = plan.size();
        for (int i = plan.size() - 1; i >= 0; i--) {
            if (removed.contains(plan.get(i).partition())) {
                firstRemove = i;
            }
        }
        assertThat(lastCreate).isLessThan(firstRemove);
    }

    @Property(tries = 400)
    void defaultPartitionExistsWhenWanted(@ForAll("cases") Case c) {
        boolean wanted = c.spec().defaultPartition == null || c.spec().defaultPartition;

        assertThat(applied(c).partitions().stream().anyMatch(ObservedPartition::isDefault)).isEqualTo(
                wanted || c.before().partitions().stream().anyMatch(ObservedPartition::isDefault));
    }

    @Property(tries = 400)
    void planningAgainYieldsNothing(@ForAll("cases") Case c) {
        assertThat(PartitionPlanner.plan(c.spec(), applied(c), c.now())).isEmpty();
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<PartitionPolicySpec> specs = Combinators.combine(
                Arbitraries.of(Interval.class),
                Arbitraries.of("UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata"),
                Arbitraries.integers().between(1, 30),
                Arbitraries.integers().between(1, 24).injectNull(0.3),
                Arbitraries.of(Action.class),
                Arbitraries.of(true, false)).as((interval, zone, premake, keep, action, withDefault) -> {
                    PartitionPolicySpec spec = Snapshots.rangeSpec(interval, zone, premake);
                    spec.defaultPartition = withDefault;
                    return keep == null ? spec : Snapshots.withRetention(spec, keep, action);
                });
        Arbitrary<Instant> clocks = Arbitraries.longs().between(FROM_2020, TO_2035).map(Instant::ofEpochSecond);
        return Combinators.combine(specs, clocks, Arbitraries.integers().between(0, 40), Arbitraries.longs(),
                Arbitraries.of(true, false))
                .as((spec, now, back, seed, hadDefault) -> new Case(spec, now, startingState(spec, now, back, seed,
                        hadDefault)));
    }

    /**
     * Some of the correctly bounded partitions from {@code back} intervals before now to well past
     * premake, chosen by the bits of {@code seed}, with or without a default partition.
     */
    private static PartitionSnapshot startingState(PartitionPolicySpec spec, Instant now, int back, long seed,
            boolean hadDefault) {
        RangeBounds bounds = RangeSettings.of(spec).bounds();
        PartitionNames names = new PartitionNames(spec.table);
        List<ObservedPartition> partitions = new ArrayList<>();
        if (hadDefault) {
            partitions.add(Snapshots.defaultPartition(names.defaultPartition()));
        }
        int span = back + spec.range.premake + 3;
        for (int i = 0; i < span; i++) {
            Instant from = bounds.shift(now, i - back);
            if ((seed >>> (i % 64) & 1) == 1) {
                partitions.add(Snapshots.range(names.range(bounds, from), from, bounds.next(from)));
            }
        }
        return Snapshots.partitioned(spec, partitions);
    }

    private static PartitionSnapshot applied(Case c) {
        return Snapshots.apply(c.spec(), c.before(), PartitionPlanner.plan(c.spec(), c.before(), c.now()));
    }

    private static List<ObservedPartition> ranges(PartitionSnapshot snapshot) {
        return snapshot.partitions().stream().filter(p -> !p.isDefault())
                .sorted(Comparator.comparing(ObservedPartition::from)).toList();
    }

    private static int lastIndexOf(List<PartitionAction> plan, java.util.function.Predicate<PartitionAction> test) {
        int last = -1;
        for (int i = 0; i < plan.size(); i++) {
            if (test.test(plan.get(i))) {
                last = i;
            }
        }
        return last;
    }
}
