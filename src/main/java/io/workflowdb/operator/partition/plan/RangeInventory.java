package io.workflowdb.operator.partition.plan;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import io.workflowdb.operator.partition.model.ObservedPartition;

/**
 * The observed partitions of a range-partitioned table, sorted by what the planner may do with them.
 * Managed partitions span exactly one interval of the policy; any other range partition (misaligned,
 * wider, MINVALUE/MAXVALUE) is unmanaged and never touched. Partitions waiting for a detach to be
 * finalized are on their way out and count as neither.
 *
 * @param managed sorted by lower bound
 */
record RangeInventory(List<ObservedPartition> managed, List<ObservedPartition> unmanaged,
        Optional<ObservedPartition> defaultPartition, List<ObservedPartition> pendingDetach) {

    static RangeInventory of(RangeBounds bounds, List<ObservedPartition> partitions) {
        List<ObservedPartition> managed = new ArrayList<>();
        List<ObservedPartition> unmanaged = new ArrayList<>();
        List<ObservedPartition> pending = new ArrayList<>();
        ObservedPartition defaultPartition = null;
        for (ObservedPartition p : partitions) {
            if (p.detachPending()) {
                pending.add(p);
            } else if (p.isDefault()) {
                defaultPartition = p;
            } else if (bounds.isInterval(p.from(), p.to())) {
                managed.add(p);
            } else {
                unmanaged.add(p);
            }
        }
        managed.sort(Comparator.comparing(ObservedPartition::from));
        return new RangeInventory(List.copyOf(managed), List.copyOf(unmanaged), Optional.ofNullable(defaultPartition),
                List.copyOf(pending));
    }

    /** Whether {@code [from, to)} overlaps an unmanaged partition, where creating would fail. */
    boolean overlapsUnmanaged(Instant from, Instant to) {
        return unmanaged.stream().anyMatch(p -> (p.to() == null || p.to().isAfter(from))
                && (p.from() == null || p.from().isBefore(to)));
    }
}
