package io.workflowdb.operator.partition.execute;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.workflowdb.operator.partition.model.PartitionAction.ConvertEmptyTable;
import io.workflowdb.operator.sql.Identifiers;

/**
 * Turns an empty, unpartitioned table into a partitioned one of the same shape, in one
 * transaction: lock it, check it is still empty and that its primary key holds the partition key
 * (PostgreSQL demands that of a partitioned table, and {@code LIKE ... INCLUDING ALL} fails on it
 * otherwise), rename it away, create the partitioned table {@code LIKE} it, drop the old one.
 * Objects that depend on the old table (foreign keys pointing at it, views) make the drop fail and
 * the whole conversion roll back, with PostgreSQL's message.
 */
final class EmptyTableConversion {

    static final String OLD_SUFFIX = "_wfdb_unpartitioned";

    private static final String PRIMARY_KEY = """
            SELECT a.attname
              FROM pg_index i
              JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
             WHERE i.indrelid = to_regclass(?) AND i.indisprimary
            """;

    private EmptyTableConversion() {
    }

    static void run(Step step, ParentTable table, String keyColumn, ConvertEmptyTable action) throws SQLException {
        String old = table.name() + OLD_SUFFIX;
        step.inTransaction(s -> {
            s.execute("LOCK TABLE " + table.quoted() + " IN ACCESS EXCLUSIVE MODE");
            if (s.queryBoolean("SELECT EXISTS (SELECT 1 FROM " + table.quoted() + ")")) {
                throw new SQLException("table " + table.name() + " is no longer empty; it is not converted");
            }
            requireKeyInPrimaryKey(s, table.quoted(), table.name(), keyColumn);
            s.execute("ALTER TABLE " + table.quoted() + " RENAME TO " + Identifiers.quote(old));
            s.execute(createPartitionedLike(table.quoted(), table.qualify(old), action.strategy(), keyColumn));
            s.execute("DROP TABLE " + table.qualify(old));
            return null;
        });
    }

    /** PostgreSQL requires every unique key of a partitioned table to contain the partition key. */
    static void requireKeyInPrimaryKey(Step step, String quotedTable, String name, String keyColumn)
            throws SQLException {
        List<String> key = primaryKey(step, quotedTable);
        if (!key.isEmpty() && !key.contains(keyColumn)) {
            throw new SQLException("the primary key of " + name + " (" + String.join(", ", key)
                    + ") does not contain the partition key " + keyColumn + "; add it to the primary key first");
        }
    }

    /** The table partitioned by the action's strategy on {@code keyColumn}, shaped like {@code like}. */
    static String createPartitionedLike(String quotedTable, String quotedLike, String strategy, String keyColumn) {
        return "CREATE TABLE " + quotedTable + " (LIKE " + quotedLike + " INCLUDING ALL) PARTITION BY "
                + ("hash".equals(strategy) ? "HASH" : "RANGE") + " (" + Identifiers.quote(keyColumn) + ")";
    }

    private static List<String> primaryKey(Step step, String quotedTable) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (PreparedStatement ps = step.connection().prepareStatement(PRIMARY_KEY)) {
            ps.setString(1, quotedTable);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(rs.getString(1).toLowerCase(Locale.ROOT));
                }
            }
        }
        return columns;
    }
}
