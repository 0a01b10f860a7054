package io.workflowdb.operator.partition.execute;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import io.workflowdb.operator.partition.model.ObservedPartition;
import io.workflowdb.operator.partition.model.PartitionSnapshot;
import io.workflowdb.operator.sql.Identifiers;

/**
 * Reads a table and its direct partitions from the catalog in one query, for the planner.
 *
 * <p>Range bounds are not parsed in Java: {@code pg_get_expr} prints a timestamptz bound in the
 * session's TimeZone and DateStyle, and the same session casts the quoted literal back to
 * timestamptz exactly, so the query hands over instants. MINVALUE and MAXVALUE carry no quoted
 * literal and come back null. The range key is expected to be timestamptz.
 *
 * <p>Two counts need a statement built from the table's name (PostgreSQL cannot bind a table).
 * They run inside the same query through {@code query_to_xml} over the table's {@code regclass},
 * so no text of ours becomes SQL, and each runs only when its CASE branch applies: the emptiness
 * probe for an unpartitioned table, the row count and the oldest key (of a timestamptz partition
 * key, whose name goes in through {@code format('%I')}) for the default partition. That count is an
 * exact {@code count(*)}, a full scan of the default partition; it should stay small because
 * premade partitions keep rows out of it, but on a large default it costs one sequential scan per
 * read.
 */
public final class PartitionCatalog {

    private static final String QUERY = """
            WITH t AS (SELECT to_regclass(?) AS oid)
            SELECT c.relkind,
                   pt.partstrat,
                   ARRAY(SELECT a.attname::text
                           FROM unnest(pt.partattrs::int2[]) WITH ORDINALITY AS k(attnum, ord)
                           JOIN pg_attribute a ON a.attrelid = pt.partrelid AND a.attnum = k.attnum
                          ORDER BY k.ord) AS key_columns,
                   EXISTS (SELECT 1 FROM pg_attribute a
                            WHERE a.attrelid = c.oid AND a.attname = ? AND a.attnum > 0 AND NOT a.attisdropped)
                       AS has_key_column,
                   (SELECT format_type(a.atttypid, a.atttypmod) FROM pg_attribute a
                     WHERE a.attrelid = c.oid AND a.attname = ? AND a.attnum > 0 AND NOT a.attisdropped)
                       AS key_type,
                   CASE WHEN c.relkind = 'r' THEN (xpath('/row/e/text()', query_to_xml(
                        format('SELECT EXISTS (SELECT 1 FROM %s LIMIT 1) AS e', c.oid::regclass),
                        false, true, '')))[1]::text::boolean END AS has_rows,
                   p.relname AS partition,
                   b.bound,
                   i.inhdetachpending,
                   p.oid = pt.partdefid AS is_default,
                   CASE WHEN b.bound ~ '^FOR VALUES FROM \\(''' THEN
                        (regexp_match(b.bound, '^FOR VALUES FROM \\(''([^'']*)'''))[1]::timestamptz END AS range_from,
                   CASE WHEN b.bound ~ ' TO \\(''' THEN
                        (regexp_match(b.bound, ' TO \\(''([^'']*)'''))[1]::timestamptz END AS range_to,
                   (regexp_match(b.bound, 'modulus (\\d+)'))[1]::int AS modulus,
                   (regexp_match(b.bound, 'remainder (\\d+)'))[1]::int AS remainder,
                   CASE WHEN p.oid = pt.partdefid THEN (xpath('/row/n/text()', query_to_xml(
                        format('SELECT count(*) AS n FROM %s', p.oid::regclass),
                        false, true, '')))[1]::text::bigint END AS default_rows,
                   CASE WHEN p.oid = pt.partdefid AND EXISTS (
                             SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum = pt.partattrs[0]
                                AND a.atttypid = 'timestamptz'::regtype) THEN
                        to_timestamp((xpath('/row/m/text()', query_to_xml(
                            format('SELECT extract(epoch FROM min(%I)) AS m FROM %s',
                                   (SELECT a.attname FROM pg_attribute a
                                     WHERE a.attrelid = c.oid AND a.attnum = pt.partattrs[0]), p.oid::regclass),
                            false, true, '')))[1]::text::double precision) END AS default_oldest
              FROM t
              LEFT JOIN pg_class c ON c.oid = t.oid
              LEFT JOIN pg_partitioned_table pt ON pt.partrelid = c.oid
              LEFT JOIN pg_inherits i ON i.inhparent = c.oid
              LEFT JOIN pg_class p ON p.oid = i.inhrelid
              LEFT JOIN LATERAL (SELECT pg_get_expr(p.relpartbound, p.oid) AS bound) b ON true
             ORDER BY p.relname
            """;

    private PartitionCatalog() {
    }

    /**
     * The table's snapshot. {@code expectedKeyColumn} must exist in a table that exists: planning
     * partitions on a missing column would only produce statements that fail.
     *
     * @throws IllegalArgumentException when the table exists but has no such column
     */
    static final String TIME_KEY_TYPE = "timestamp with time zone";

    public static PartitionSnapshot read(Connection c, String qualifiedTable, String expectedKeyColumn)
            throws SQLException {
        return read(c, qualifiedTable, expectedKeyColumn, false);
    }

    /**
     * As {@link #read(Connection, String, String)}; with {@code timeKey} the key column must also be a
     * {@code timestamp with time zone}, the only type range bounds are computed for.
     */
    public static PartitionSnapshot read(Connection c, String qualifiedTable, String expectedKeyColumn, boolean timeKey)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(QUERY)) {
            ps.setString(1, Identifiers.quoteQualified(qualifiedTable));
            ps.setString(2, expectedKeyColumn);
            ps.setString(3, expectedKeyColumn);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                String relkind = rs.getString("relkind");
                if (relkind == null) {
                    return new PartitionSnapshot(false, false, null, List.of(), false, List.of(), 0);
                }
                if (!rs.getBoolean("has_key_column")) {
                    throw new IllegalArgumentException(
                            "table " + qualifiedTable + " has no column \"" + expectedKeyColumn + "\"");
                }
                String keyType = rs.getString("key_type");
                if (timeKey && !TIME_KEY_TYPE.equals(keyType)) {
                    throw new IllegalArgumentException("column " + expectedKeyColumn + " of " + qualifiedTable + " is "
                            + keyType + "; range partitioning needs " + TIME_KEY_TYPE);
                }
                boolean partitioned = "p".equals(relkind);
                String strategy = strategy(rs.getString("partstrat"));
                List<String> keyColumns = partitioned ? textArray(rs.getArray("key_columns")) : List.of();
                boolean empty = !partitioned && !rs.getBoolean("has_rows");
                List<ObservedPartition> partitions = new ArrayList<>();
                long defaultRows = 0;
                Instant defaultOldest = null;
                do {
                    String name = rs.getString("partition");
                    if (name == null) {
                        continue;
                    }
                    boolean isDefault = rs.getBoolean("is_default");
                    if (isDefault) {
                        defaultRows = rs.getLong("default_rows");
                        defaultOldest = instant(rs, "default_oldest");
                    }
                    partitions.add(new ObservedPartition(name, instant(rs, "range_from"), instant(rs, "range_to"),
                            (Integer) rs.getObject("modulus"), (Integer) rs.getObject("remainder"), isDefault,
                            rs.getBoolean("inhdetachpending"), rs.getString("bound")));
                } while (rs.next());
                return new PartitionSnapshot(true, partitioned, strategy, keyColumns, empty, partitions, defaultRows,
                        defaultOldest);
            }
        }
    }

    private static String strategy(String partstrat) {
        if (partstrat == null) {
            return null;
        }
        return switch (partstrat) {
            case "r" -> "range";
            case "h" -> "hash";
            case "l" -> "list";
            default -> partstrat;
        };
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static List<String> textArray(Array array) throws SQLException {
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }
}
