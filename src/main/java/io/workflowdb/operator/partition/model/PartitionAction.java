package io.workflowdb.operator.partition.model;

import java.time.Instant;

/**
 * One step of partition upkeep, in the order the planner emits them: the table first, then new
 * partitions, then retention. Each step runs in its own transaction (a concurrent detach in none),
 * so a failure never leaves the table without a partition for now.
 */
public sealed interface PartitionAction {

    /** The partition (or detached table) the step is about, unqualified; the table's schema applies. */
    String partition();

    /**
     * Creates the missing table, partitioned by {@code strategy} ({@code range} or {@code hash}),
     * from a template table ({@code LIKE template INCLUDING ALL}); refused when the template's
     * primary key lacks the partition key.
     */
    record CreateParentFromTemplate(String partition, String template, String strategy) implements PartitionAction {
    }

    /**
     * Replaces an existing, empty, unpartitioned table by one partitioned by {@code strategy}
     * ({@code range} or {@code hash}) on the policy's column, in one transaction.
     */
    record ConvertEmptyTable(String partition, String strategy) implements PartitionAction {
    }

    /**
     * A range partition for {@code [from, to)}. Rows of that range already in the default partition
     * are moved into it: the partition is built standalone, the rows moved, then it is attached.
     * With {@code subpartitionModulus} it is itself hash-partitioned on {@code subpartitionColumn}.
     */
    record CreateRangePartition(String partition, Instant from, Instant to, String subpartitionColumn,
            Integer subpartitionModulus) implements PartitionAction {
    }

    /**
     * A past range partition that is created only when the default partition holds rows of its
     * range, which then move into it: rows that landed in the default before their partition
     * existed, drained so that queries prune them and retention reaches them.
     */
    record BackfillRangePartition(String partition, Instant from, Instant to, String subpartitionColumn,
            Integer subpartitionModulus) implements PartitionAction {

        public CreateRangePartition creation() {
            return new CreateRangePartition(partition, from, to, subpartitionColumn, subpartitionModulus);
        }
    }

    /** One of the {@code modulus} partitions of a hash-partitioned table. */
    record CreateHashPartition(String partition, int modulus, int remainder) implements PartitionAction {
    }

    /** The default partition of a range-partitioned table. */
    record CreateDefaultPartition(String partition) implements PartitionAction {
    }

    /** {@code DETACH PARTITION ... CONCURRENTLY}: the table stays, outside the parent. */
    record DetachPartition(String partition) implements PartitionAction {
    }

    /** Completes a concurrent detach that was interrupted ({@code DETACH PARTITION ... FINALIZE}). */
    record FinalizeDetach(String partition) implements PartitionAction {
    }

    /** Drops a partition past retention. */
    record DropPartition(String partition) implements PartitionAction {
    }
}
