package io.workflowdb.operator.retention.execute;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.workflowdb.operator.retention.model.Column;
import io.workflowdb.operator.retention.model.ReferencingKey;
import io.workflowdb.operator.retention.model.TableShape;
import io.workflowdb.operator.sql.Identifiers;

/**
 * Reads what a retention run needs to know about its tables from the catalog. A name from the
 * spec is resolved by the database ({@code to_regclass} on the quoted name, bound as a parameter),
 * so an unqualified name follows the connection's search_path as any statement would.
 */
public final class RetentionCatalog {

    private static final String TABLE = """
            SELECT n.nspname, c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, a.atthasdef,
                   a.attidentity::text, a.attgenerated <> '',
                   ARRAY(SELECT k.attname::text
                           FROM pg_index i
                           CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS u(attnum, ord)
                           JOIN pg_attribute k ON k.attrelid = i.indrelid AND k.attnum = u.attnum
                          WHERE i.indrelid = c.oid AND i.indisprimary
                          ORDER BY u.ord)
              FROM pg_class c
              JOIN pg_namespace n ON n.oid = c.relnamespace
              JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
             WHERE c.oid = to_regclass(?) AND c.relkind IN ('r', 'p')
             ORDER BY a.attnum
            """;

    /** Foreign keys declared on a table (clones on partitions excluded: they act as their parent's). */
    private static final String REFERENCING = """
            SELECT con.conname, rn.nspname || '.' || r.relname, con.confdeltype::text
              FROM pg_constraint con
              JOIN pg_class r ON r.oid = con.conrelid
              JOIN pg_namespace rn ON rn.oid = r.relnamespace
             WHERE con.contype = 'f' AND con.conparentid = 0 AND con.confrelid = to_regclass(?)
             ORDER BY con.conname
            """;

    private RetentionCatalog() {
    }

    /** The table a spec names, or empty when there is no such table. */
    public static Optional<TableShape> table(Connection c, String specName) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(TABLE)) {
            ps.setString(1, Identifiers.quoteQualified(specName));
            try (ResultSet rs = ps.executeQuery()) {
                String schema = null;
                String name = null;
                List<String> key = List.of();
                List<Column> columns = new ArrayList<>();
                while (rs.next()) {
                    schema = rs.getString(1);
                    name = rs.getString(2);
                    columns.add(new Column(rs.getString(3), rs.getString(4), rs.getBoolean(5), rs.getBoolean(6),
                            rs.getString(7), rs.getBoolean(8)));
                    Array array = rs.getArray(9);
                    key = List.of((String[]) array.getArray());
                }
                return name == null ? Optional.empty() : Optional.of(new TableShape(schema, name, columns, key));
            }
        }
    }

    /** Every foreign key that references {@code table}, including one of the table itself. */
    public static List<ReferencingKey> referencing(Connection c, TableShape table) throws SQLException {
        List<ReferencingKey> keys = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(REFERENCING)) {
            ps.setString(1, table.quoted());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    keys.add(new ReferencingKey(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
            }
        }
        return keys;
    }
}
