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
        String strategy = "hash".equals(action.strategy()) ? "HASH" : "RANGE";
        String old = table.name() + OLD_SUFFIX;
        step.inTransaction(s -> {
            s.execute("LOCK TABLE " + table.quoted() + " IN ACCESS EXCLUSIVE MODE");
            if (s.queryBoolean("SELECT EXISTS (SELECT 1 FROM " + table.quoted() + ")")) {
                throw new SQLException("table " + table.name() + " is no longer empty; it is not converted");
            }
            List<String> key = primaryKey(s, table);
            if (!key.isEmpty() && !key.contains(keyColumn)) {
                throw new SQLException("the primary key of " + table.name() + " (" + String.join(", ", key)
                        + ") does not contain the partition key " + keyColumn
                        + "; add it to the primary key first");
            }
            s.execute("ALTER TABLE " + table.quoted() + " RENAME TO " + Identifiers.quote(old));
            s.execute("CREATE TABLE " + table.quoted() + " (LIKE " + table.qualify(old) + " INCLUDING ALL) PARTITION BY "
                    + strategy + " (" + Identifiers.quote(keyColumn) + ")");
            s.execute("DROP TABLE " + table.qualify(old));
            return null;
        });
    }

    private static List<String> primaryKey(Step step, ParentTable table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (PreparedStatement ps = step.connection().prepareStatement(PRIMARY_KEY)) {
            ps.setString(1, table.quoted());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(rs.getString(1).toLowerCase(Locale.ROOT));
                }
            }
        }
        return columns;
    }
}
