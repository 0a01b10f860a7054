package io.workflowdb.operator.partition.plan;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import io.workflowdb.operator.api.v1alpha1.PartitionPolicySpec;
import io.workflowdb.operator.api.v1alpha1.PartitionPolicySpec.PartitionRetention.Action;
import io.workflowdb.operator.partition.model.ObservedPartition;
import io.workflowdb.operator.partition.model.PartitionAction;
import io.workflowdb.operator.partition.model.PartitionAction.BackfillRangePartition;
import io.workflowdb.operator.partition.model.PartitionAction.ConvertEmptyTable;
import io.workflowdb.operator.partition.model.PartitionAction.CreateParentFromTemplate;
import io.workflowdb.operator.partition.model.PartitionAction.CreateDefaultPartition;
import io.workflowdb.operator.partition.model.PartitionAction.CreateHashPartition;
import io.workflowdb.operator.partition.model.PartitionAction.CreateRangePartition;
import io.workflowdb.operator.partition.model.PartitionAction.DetachPartition;
import io.workflowdb.operator.partition.model.PartitionAction.DropPartition;
import io.workflowdb.operator.partition.model.PartitionAction.FinalizeDetach;
import io.workflowdb.operator.partition.model.PartitionSnapshot;

/**
 * Decides partition upkeep from the policy, the catalog snapshot and the clock; pure, so every case
 * is a unit test. The order is: convert an empty table, finalize interrupted detaches, create the
 * default partition, create missing range (or hash) partitions, then retention. Creation comes
 * before retention so a failure part-way never leaves the table without a partition for now.
 *
 * <p>Which range partitions must exist follows from the clock: the current interval and
 * {@code premake} after it, plus the gaps between the oldest partition still kept and now. A table
 * without partitions starts at the current interval. The one look at rows is the oldest key in the
 * default partition: past intervals from there on are proposed as backfills, which the executor
 * creates only where the default holds rows of them.
 *
 * <p>Retention keeps {@code keep} intervals counting the current one: a managed partition whose
 * upper bound is at or before {@code floor(now) - (keep - 1)} intervals is dropped or detached.
 * Since {@code keep >= 1} that bound is at most {@code floor(now)}, so the partition holding now is
 * never removed.
 */
public final class PartitionPlanner {

    private PartitionPlanner() {
    }

    /** The actions that bring the table in line with the policy at {@code now}; empty when there is a problem. */
    public static List<PartitionAction> plan(PartitionPolicySpec spec, PartitionSnapshot observed, Instant now) {
        if (problem(spec, observed).isPresent()) {
            return List.of();
        }
        PartitionNames names = new PartitionNames(spec.table);
        List<PartitionAction> actions = new ArrayList<>();
        String strategy = spec.hash != null ? "hash" : "range";
        if (!observed.tableExists()) {
            actions.add(new CreateParentFromTemplate(names.table(), spec.template, strategy));
        } else if (!observed.partitioned()) {
            actions.add(new ConvertEmptyTable(names.table(), strategy));
        }
        List<ObservedPartition> partitions = observed.partitioned() ? observed.partitions() : List.of();
        partitions.stream().filter(ObservedPartition::detachPending)
                .forEach(p -> actions.add(new FinalizeDetach(p.name())));
        if (spec.hash != null) {
            actions.addAll(hashPartitions(spec.hash.modulus, partitions, names));
        } else {
            actions.addAll(rangePartitions(RangeSettings.of(spec), partitions, observed.defaultOldestKey(), names, now));
        }
        return List.copyOf(actions);
    }

    /**
     * How far back rows in the default partition get partitions of their own; older rows stay in
     * the default partition and are reported.
     */
    public static final int BACKFILL_BOUND_INTERVALS = 120;

    /** Intervals a new table's layout reaches back or ahead of now at most; rows beyond go to the default partition. */
    public static final int LAYOUT_BOUND_INTERVALS = 1000;

    /**
     * The partitions of a new partitioned table that must hold rows whose keys lie between
     * {@code oldestKey} and {@code newestKey} (null for none): for range, the default partition when
     * the policy keeps one and every interval from the oldest row's to the later of the newest row's
     * and now plus premake, at most {@link #LAYOUT_BOUND_INTERVALS} intervals either side of now;
     * for hash, every remainder. Retention is left to the next upkeep run.
     */
    public static List<PartitionAction> layout(PartitionPolicySpec spec, Instant oldestKey, Instant newestKey,
            Instant now) {
        PartitionNames names = new PartitionNames(spec.table);
        if (spec.hash != null) {
            return hashPartitions(spec.hash.modulus, List.of(), names);
        }
        RangeSettings settings = RangeSettings.of(spec);
        RangeBounds bounds = settings.bounds();
        Instant current = bounds.floor(now);
        Instant earliest = bounds.shift(current, -LAYOUT_BOUND_INTERVALS);
        Instant latest = bounds.shift(current, LAYOUT_BOUND_INTERVALS);
        Instant from = oldestKey == null ? current : bounds.floor(oldestKey);
        from = from.isBefore(earliest) ? earliest : from.isAfter(current) ? current : from;
        Instant end = bounds.shift(current, settings.premake() + 1L);
        if (newestKey != null && !bounds.next(bounds.floor(newestKey)).isBefore(end)) {
            end = bounds.next(bounds.floor(newestKey));
        }
        end = end.isAfter(latest) ? latest : end;
        List<PartitionAction> actions = new ArrayList<>();
        if (settings.defaultPartition()) {
            actions.add(new CreateDefaultPartition(names.defaultPartition()));
        }
        for (Instant at = from; at.isBefore(end); at = bounds.next(at)) {
            actions.add(new CreateRangePartition(names.range(bounds, at), at, bounds.next(at),
                    settings.subpartitionColumn(), settings.subpartitionModulus()));
        }
        return List.copyOf(actions);
    }

    /** Whether a range layout from {@link #layout} covers this key with a partition of its own. */
    public static boolean layoutCovers(List<PartitionAction> layout, Instant key) {
        return layout.stream().anyMatch(a -> a instanceof CreateRangePartition r && !key.isBefore(r.from())
                && key.isBefore(r.to()));
    }

    /**
     * Why nothing can be planned for this table, if anything: the table is missing, holds rows
     * without being partitioned, or is partitioned differently from the policy. An empty
     * unpartitioned table is no problem: the plan converts it.
     */
    public static Optional<PartitionProblem> problem(PartitionPolicySpec spec, PartitionSnapshot observed) {
        if (spec.range != null) {
            try {
                RangeSettings.of(spec);
            } catch (DateTimeException e) {
                return Optional.of(PartitionProblem.invalidSpec("unknown time zone " + spec.range.timeZone));
            }
        }
        if (!observed.tableExists()) {
            // with a template the plan creates the table; without one there is nothing to plan
            return spec.template != null ? Optional.empty() : Optional.of(PartitionProblem.tableMissing(spec.table));
        }
        if (!observed.partitioned()) {
            return observed.empty() ? Optional.empty() : Optional.of(PartitionProblem.notPartitioned(spec.table));
        }
        String wanted = spec.hash != null ? "hash" : "range";
        if (!wanted.equalsIgnoreCase(observed.strategy())) {
            return Optional.of(PartitionProblem.invalidSpec("table " + spec.table + " is partitioned by "
                    + observed.strategy() + ", the policy asks for " + wanted + "; changing it needs a rebuild"));
        }
        if (!observed.keyColumns().equals(List.of(spec.column))) {
            return Optional.of(PartitionProblem.invalidSpec("table " + spec.table + " is partitioned on "
                    + String.join(", ", observed.keyColumns()) + ", the policy names " + spec.column
                    + "; changing it needs a rebuild"));
        }
        if (spec.hash != null) {
            return observedModulus(observed.partitions())
                    .filter(m -> !m.equals(spec.hash.modulus))
                    .map(m -> PartitionProblem.invalidSpec("modulus changed from " + m + " to " + spec.hash.modulus
                            + "; changing it needs a rebuild"));
        }
        return Optional.empty();
    }

    /**
     * Range partitions the planner neither creates nor removes because their bounds are not exactly
     * one interval of the policy (overlapping, misaligned, open-ended); empty for hash tables.
     */
    public static List<ObservedPartition> unmanaged(PartitionPolicySpec spec, PartitionSnapshot observed) {
        if (spec.range == null || !observed.partitioned() || problem(spec, observed).isPresent()) {
            return List.of();
        }
        return RangeInventory.of(RangeSettings.of(spec).bounds(), observed.partitions()).unmanaged();
    }

    private static Optional<Integer> observedModulus(List<ObservedPartition> partitions) {
        // PostgreSQL allows mixed moduli; the largest is the one a uniform layout would have
        return partitions.stream().map(ObservedPartition::modulus).filter(Objects::nonNull).max(Integer::compare);
    }

    private static List<PartitionAction> hashPartitions(int modulus, List<ObservedPartition> partitions,
            PartitionNames names) {
        Set<Integer> present = new TreeSet<>();
        partitions.stream().filter(p -> !p.detachPending() && Objects.equals(p.modulus(), modulus))
                .forEach(p -> present.add(p.remainder()));
        List<PartitionAction> actions = new ArrayList<>();
        for (int r = 0; r < modulus; r++) {
            if (!present.contains(r)) {
                actions.add(new CreateHashPartition(names.hash(r), modulus, r));
            }
        }
        return actions;
    }

    private static List<PartitionAction> rangePartitions(RangeSettings settings, List<ObservedPartition> partitions,
            Instant defaultOldestKey, PartitionNames names, Instant now) {
        RangeBounds bounds = settings.bounds();
        RangeInventory inventory = RangeInventory.of(bounds, partitions);
        List<PartitionAction> actions = new ArrayList<>();
        if (settings.defaultPartition() && inventory.defaultPartition().isEmpty()) {
            actions.add(new CreateDefaultPartition(names.defaultPartition()));
        }
        Instant current = bounds.floor(now);
        Instant end = bounds.shift(current, settings.premake() + 1L);
        Set<Instant> present = new TreeSet<>();
        inventory.managed().forEach(p -> present.add(p.from()));
        Instant first = firstNeeded(settings, inventory, current);
        actions.addAll(backfill(settings, inventory, defaultOldestKey, first, current, present, names));
        for (Instant from = first; from.isBefore(end); from = bounds.next(from)) {
            Instant to = bounds.next(from);
            if (!present.contains(from) && !inventory.overlapsUnmanaged(from, to)) {
                actions.add(new CreateRangePartition(names.range(bounds, from), from, to,
                        settings.subpartitionColumn(), settings.subpartitionModulus()));
            }
        }
        actions.addAll(retention(settings, inventory, current, now));
        return actions;
    }

    /**
     * Past intervals that may hold rows in the default partition, from the oldest such row's interval
     * (at most {@link #BACKFILL_BOUND_INTERVALS} back) up to the first interval the plan fills anyway;
     * each is created only if the default holds rows of it. Intervals older than retention's horizon
     * are included: their rows leave the default too, and the next run's retention drops or
     * detaches them like any other old partition.
     */
    private static List<PartitionAction> backfill(RangeSettings settings, RangeInventory inventory,
            Instant defaultOldestKey, Instant first, Instant current, Set<Instant> present, PartitionNames names) {
        if (defaultOldestKey == null || inventory.defaultPartition().isEmpty()) {
            return List.of();
        }
        RangeBounds bounds = settings.bounds();
        Instant bound = bounds.shift(current, -BACKFILL_BOUND_INTERVALS);
        Instant from = bounds.floor(defaultOldestKey);
        from = from.isBefore(bound) ? bound : from;
        List<PartitionAction> actions = new ArrayList<>();
        for (; from.isBefore(first); from = bounds.next(from)) {
            Instant to = bounds.next(from);
            if (!present.contains(from) && !inventory.overlapsUnmanaged(from, to)) {
                actions.add(new BackfillRangePartition(names.range(bounds, from), from, to,
                        settings.subpartitionColumn(), settings.subpartitionModulus()));
            }
        }
        return actions;
    }

    /** The oldest interval to fill: the oldest managed partition, but not before retention's horizon nor after now. */
    private static Instant firstNeeded(RangeSettings settings, RangeInventory inventory, Instant current) {
        if (inventory.managed().isEmpty()) {
            return current;
        }
        Instant oldest = inventory.managed().get(0).from();
        if (settings.keep() != null) {
            Instant horizon = keepFrom(settings, current);
            oldest = oldest.isBefore(horizon) ? horizon : oldest;
        }
        return oldest.isAfter(current) ? current : oldest;
    }

    private static Instant keepFrom(RangeSettings settings, Instant current) {
        return settings.bounds().shift(current, -(settings.keep() - 1L));
    }

    private static List<PartitionAction> retention(RangeSettings settings, RangeInventory inventory, Instant current,
            Instant now) {
        if (settings.keep() == null) {
            return List.of();
        }
        Instant keepFrom = keepFrom(settings, current);
        List<PartitionAction> actions = new ArrayList<>();
        for (ObservedPartition p : inventory.managed()) {
            boolean holdsNow = !p.from().isAfter(now) && p.to().isAfter(now);
            if (!p.to().isAfter(keepFrom) && !holdsNow) {
                actions.add(settings.action() == Action.DETACH ? new DetachPartition(p.name())
                        : new DropPartition(p.name()));
            }
        }
        return actions;
    }
}
