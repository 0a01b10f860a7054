package io.workflowdb.operator.partition.plan;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import io.workflowdb.operator.api.v1alpha1.PartitionPolicySpec;
import io.workflowdb.operator.partition.model.ObservedPartition;
import io.workflowdb.operator.partition.model.PartitionSnapshot;

/**
 * What the managed partitions cover, for status.
 *
 * @param oldest lower bound of the oldest managed range partition; null for hash or none
 * @param coveredUntil upper bound of the unbroken run of managed range partitions that holds now;
 *        null for hash, or when no managed partition holds now
 * @param managed managed partitions: range partitions spanning one interval, or hash partitions of
 *        the policy's modulus; the default partition and pending detaches are not counted
 */
public record PartitionCoverage(Instant oldest, Instant coveredUntil, int managed) {

    public static PartitionCoverage of(PartitionPolicySpec spec, PartitionSnapshot observed, Instant now) {
        if (!observed.partitioned() || PartitionPlanner.problem(spec, observed).isPresent()) {
            return new PartitionCoverage(null, null, 0);
        }
        if (spec.hash != null) {
            long count = observed.partitions().stream()
                    .filter(p -> !p.detachPending() && Objects.equals(p.modulus(), spec.hash.modulus)).count();
            return new PartitionCoverage(null, null, (int) count);
        }
        List<ObservedPartition> managed = RangeInventory.of(RangeSettings.of(spec).bounds(), observed.partitions())
                .managed();
        Instant oldest = managed.isEmpty() ? null : managed.get(0).from();
        return new PartitionCoverage(oldest, coveredUntil(managed, now), managed.size());
    }

    /** Follows the partitions, sorted by lower bound, from the one holding now while each ends where the next starts. */
    private static Instant coveredUntil(List<ObservedPartition> managed, Instant now) {
        Instant until = null;
        for (ObservedPartition p : managed) {
            if (until == null) {
                if (!p.from().isAfter(now) && p.to().isAfter(now)) {
                    until = p.to();
                }
            } else if (p.from().equals(until)) {
                until = p.to();
            } else {
                break;
            }
        }
        return until;
    }
}
