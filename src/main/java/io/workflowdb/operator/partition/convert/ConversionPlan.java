package io.workflowdb.operator.partition.convert;

import java.util.List;

import io.workflowdb.operator.partition.model.PartitionAction;

/**
 * What a conversion will build, decided before the first change.
 *
 * @param schema the table's schema
 * @param table the table's name, which the partitioned table takes at the swap
 * @param shadow the partitioned table's name while it is built
 * @param retired the name the original takes at the swap
 * @param strategy range or hash
 * @param keyColumn the partition key
 * @param primaryKey the new table's primary key: the original's, with the partition key added when asked
 * @param extendsPrimaryKey whether the partition key was added to the primary key
 * @param columns the columns copied (generated ones are computed by the new table)
 * @param layout the partitions the new table starts with
 * @param views views over the table, re-created on the new one in the swap
 */
public record ConversionPlan(String schema, String table, String shadow, String retired, String strategy,
        String keyColumn, List<String> primaryKey, boolean extendsPrimaryKey, List<String> columns,
        List<PartitionAction> layout, List<String> views) {

    public ConversionPlan {
        primaryKey = List.copyOf(primaryKey);
        columns = List.copyOf(columns);
        layout = List.copyOf(layout);
        views = List.copyOf(views);
    }

    /** {@code schema.table}, the key of the progress record. */
    public String source() {
        return schema + "." + table;
    }
}
