package io.workflowdb.operator.partition.model;

import java.time.Instant;
import java.util.List;

/**
 * The table and its partitions as read from the catalog in one pass, before planning.
 *
 * @param tableExists whether the table exists at all
 * @param partitioned whether it is partitioned; with {@code strategy} {@code range} or {@code hash}
 * @param keyColumns the partition key columns, in order (empty when not partitioned)
 * @param empty whether an unpartitioned table holds no rows (only read when it is unpartitioned)
 * @param partitions the direct partitions, the default one included
 * @param defaultPartitionRows rows in the default partition, 0 when there is none
 * @param defaultOldestKey the oldest range key in the default partition, null when it is empty or absent
 */
public record PartitionSnapshot(boolean tableExists, boolean partitioned, String strategy, List<String> keyColumns,
        boolean empty, List<ObservedPartition> partitions, long defaultPartitionRows, Instant defaultOldestKey) {

    public PartitionSnapshot {
        keyColumns = List.copyOf(keyColumns);
        partitions = List.copyOf(partitions);
    }

    public PartitionSnapshot(boolean tableExists, boolean partitioned, String strategy, List<String> keyColumns,
            boolean empty, List<ObservedPartition> partitions, long defaultPartitionRows) {
        this(tableExists, partitioned, strategy, keyColumns, empty, partitions, defaultPartitionRows, null);
    }
}
