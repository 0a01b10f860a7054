package io.workflowdb.operator.partition.convert;

import java.util.List;

/**
 * An unpartitioned table as the catalog shows it before a conversion: what must be copied, what
 * must be carried over at the swap, and what would keep a conversion from being safe.
 *
 * @param schema the table's schema
 * @param name the table's name
 * @param partitioned whether it is already partitioned (nothing to convert)
 * @param columns every live column, in order
 * @param primaryKey the primary key's columns, empty when there is none
 * @param keyColumn the partition key column, or null when the table has no such column
 * @param keyHasNulls whether a row holds NULL in the key column (only probed when the column allows NULL)
 * @param keyTypeSupported whether PostgreSQL can partition on the key column's type with the policy's strategy
 * @param ownedByUser whether the connected role may rename the table and its views (is or is a member of their owners)
 * @param blocking what cannot be carried to a new table, each named with what to do about it
 * @param views views that read the table, re-created on the new table in the swap
 * @param serverVersion server_version_num
 * @param pages pages of the table (pg_relation_size / block size)
 * @param estimatedRows the planner's row estimate (reltuples), 0 when never analyzed and empty
 * @param totalBytes the table with its indexes and TOAST
 */
public record SourceTable(String schema, String name, boolean partitioned, List<Column> columns,
        List<String> primaryKey, String keyColumn, boolean keyHasNulls, boolean keyTypeSupported,
        boolean ownedByUser, List<String> blocking, List<String> views, int serverVersion, long pages,
        long estimatedRows, long totalBytes) {

    /** A column: its name, type, whether it is an identity column and whether it is generated. */
    public record Column(String name, String type, boolean notNull, boolean identity, boolean generated) {
    }

    public SourceTable {
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        blocking = List.copyOf(blocking);
        views = List.copyOf(views);
    }

    /** Columns a copy writes: every one but the generated ones, which the new table computes itself. */
    public List<String> copiedColumns() {
        return columns.stream().filter(c -> !c.generated()).map(Column::name).toList();
    }

    public String qualified() {
        return schema + "." + name;
    }

    /** Whether PostgreSQL supports identity columns on a partitioned table (17 and later). */
    public boolean identityOnPartitioned() {
        return serverVersion >= 170000;
    }
}
