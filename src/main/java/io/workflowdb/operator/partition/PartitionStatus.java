package io.workflowdb.operator.partition;

import java.time.Instant;
import java.util.List;

import io.workflowdb.operator.api.v1alpha1.PartitionPolicySpec;
import io.workflowdb.operator.api.v1alpha1.PartitionPolicyStatus;
import io.workflowdb.operator.partition.model.ObservedPartition;
import io.workflowdb.operator.partition.model.PartitionSnapshot;
import io.workflowdb.operator.partition.plan.PartitionCoverage;
import io.workflowdb.operator.partition.plan.PartitionPlanner;
import io.workflowdb.operator.policy.ScheduledRuns;

/** Writes what the catalog shows after a run onto a PartitionPolicy's status. Pure. */
final class PartitionStatus {

    private PartitionStatus() {
    }

    static void apply(PartitionPolicySpec spec, PartitionSnapshot after, Instant now, PartitionPolicyStatus status) {
        PartitionCoverage coverage = PartitionCoverage.of(spec, after, now);
        status.strategy = spec.hash != null ? "hash/" + spec.hash.modulus
                : "range/" + spec.range.interval.name().toLowerCase(java.util.Locale.ROOT);
        status.partitions = coverage.managed();
        status.oldest = coverage.oldest() == null ? null : ScheduledRuns.timestamp(coverage.oldest());
        status.coveredUntil = coverage.coveredUntil() == null ? null : ScheduledRuns.timestamp(coverage.coveredUntil());
        status.defaultPartitionRows = after.partitions().stream().anyMatch(ObservedPartition::isDefault)
                ? after.defaultPartitionRows() : null;
        List<String> unmanaged = PartitionPlanner.unmanaged(spec, after).stream().map(ObservedPartition::name).toList();
        status.unmanagedPartitions = unmanaged.isEmpty() ? null : unmanaged;
    }

    static String summary(PartitionPolicyStatus status) {
        return status.partitions + " partitions" + (status.coveredUntil == null ? "" : ", covered until " + status.coveredUntil)
                + (status.defaultPartitionRows == null || status.defaultPartitionRows == 0 ? ""
                        : ", " + status.defaultPartitionRows + " rows in the default partition");
    }
}
