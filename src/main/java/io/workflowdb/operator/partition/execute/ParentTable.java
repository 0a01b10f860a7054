package io.workflowdb.operator.partition.execute;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

import io.workflowdb.operator.sql.Identifiers;

/**
 * Where a partitioned table lives and what its default partition is called, read before each step:
 * partitions are created in the parent's schema (an unqualified name in CREATE TABLE would land in
 * the first schema of the search_path instead), and an earlier step may have created the default.
 *
 * @param defaultPartition unqualified name of the default partition, null when there is none
 */
record ParentTable(String schema, String name, String defaultPartition) {

    private static final String LOCATE = """
            SELECT n.nspname, c.relname, d.relname
              FROM pg_class c
              JOIN pg_namespace n ON n.oid = c.relnamespace
              LEFT JOIN pg_partitioned_table pt ON pt.partrelid = c.oid
              LEFT JOIN pg_class d ON d.oid = pt.partdefid
             WHERE c.oid = to_regclass(?)
            """;

    static ParentTable locate(Connection c, String qualifiedTable) throws SQLException {
        return find(c, qualifiedTable).orElseThrow(() -> new SQLException("table " + qualifiedTable + " does not exist"));
    }

    static Optional<ParentTable> find(Connection c, String qualifiedTable) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(LOCATE)) {
            ps.setString(1, Identifiers.quoteQualified(qualifiedTable));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new ParentTable(rs.getString(1), rs.getString(2), rs.getString(3)))
                        : Optional.empty();
            }
        }
    }

    String quoted() {
        return qualify(name);
    }

    /** A table of the parent's schema, quoted and qualified. */
    String qualify(String table) {
        return Identifiers.quote(schema) + "." + Identifiers.quote(table);
    }

    boolean hasDefault() {
        return defaultPartition != null;
    }
}
