package io.workflowdb.operator.partition.convert;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.workflowdb.operator.sql.Identifiers;

/**
 * Reads what a conversion needs to know about an unpartitioned table, without changing anything.
 * Every query binds the table's name and resolves it with {@code to_regclass}; the two probes that
 * must name the table in SQL text (NULL keys, the oldest and newest key) quote the names the catalog
 * returned.
 */
final class SourceCatalog {

    private static final String TABLE = """
            SELECT n.nspname, c.relname, c.relkind,
                   pg_has_role(current_user, c.relowner, 'MEMBER') AS owned,
                   pg_relation_size(c.oid) / current_setting('block_size')::bigint AS pages,
                   greatest(c.reltuples, 0)::bigint AS estimated_rows,
                   pg_total_relation_size(c.oid) AS total_bytes,
                   current_setting('server_version_num')::int AS version
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE c.oid = to_regclass(?)
            """;

    private static final String COLUMNS = """
            SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, a.attidentity <> '',
                   a.attgenerated <> ''
              FROM pg_attribute a
             WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped
             ORDER BY a.attnum
            """;

    private static final String PRIMARY_KEY = """
            SELECT a.attname
              FROM pg_constraint con
              JOIN LATERAL unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord) ON true
              JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
             WHERE con.conrelid = to_regclass(?) AND con.contype = 'p'
             ORDER BY k.ord
            """;

    /**
     * What a new table cannot carry, one line each with the way out. The key column is the second
     * parameter. Dependencies of other objects on the table (deptype 'n') are refused unless they
     * are views, which the swap re-creates, or foreign keys, named on their own line.
     */
    private static final String BLOCKING = """
            WITH t AS (SELECT to_regclass(?) AS oid, ?::name AS key)
            SELECT format('foreign key %I of %s references it: drop it before the conversion and re-create it on the partitioned table after (its referenced key must then contain the partition key)',
                          con.conname, con.conrelid::regclass)
              FROM t JOIN pg_constraint con ON con.confrelid = t.oid AND con.contype = 'f'
            UNION ALL
            SELECT format('unique index %s does not contain the partition key %I: a partitioned table can only enforce uniqueness that includes it; drop the index or add the key to it',
                          i.indexrelid::regclass, t.key)
              FROM t JOIN pg_index i ON i.indrelid = t.oid
             WHERE i.indisunique AND NOT i.indisprimary
               AND NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = t.oid AND a.attname = t.key
                                  AND a.attnum = ANY (i.indkey::int2[]))
            UNION ALL
            SELECT format('exclusion constraint %I cannot be carried to a partitioned table; drop it first', con.conname)
              FROM t JOIN pg_constraint con ON con.conrelid = t.oid AND con.contype = 'x'
            UNION ALL
            SELECT format('check constraint %I is NOT VALID: validate it first (ALTER TABLE ... VALIDATE CONSTRAINT), or drop it', con.conname)
              FROM t JOIN pg_constraint con ON con.conrelid = t.oid AND con.contype = 'c' AND NOT con.convalidated
            UNION ALL
            SELECT format('rule %I cannot be carried; drop it first', r.rulename)
              FROM t JOIN pg_rewrite r ON r.ev_class = t.oid AND r.rulename <> '_RETURN'
            UNION ALL
            SELECT format('constraint trigger %I cannot be carried; drop it first', tg.tgname)
              FROM t JOIN pg_trigger tg ON tg.tgrelid = t.oid AND NOT tg.tgisinternal AND tg.tgconstraint <> 0
            UNION ALL
            SELECT format('row trigger %I uses transition tables, which partitions do not support; drop it first', tg.tgname)
              FROM t JOIN pg_trigger tg ON tg.tgrelid = t.oid AND NOT tg.tgisinternal
             WHERE (tg.tgtype & 1) = 1 AND (tg.tgoldtable IS NOT NULL OR tg.tgnewtable IS NOT NULL)
            UNION ALL
            SELECT CASE WHEN c.relispartition THEN 'the table is itself a partition'
                        WHEN c.relpersistence = 'u' THEN 'the table is UNLOGGED; make it LOGGED first'
                        WHEN c.relpersistence = 't' THEN 'the table is temporary'
                        WHEN c.reloftype <> 0 THEN 'the table is a typed table (OF type); it cannot be carried'
                        WHEN c.relreplident NOT IN ('d', 'n') THEN 'its replica identity is not the default; set it to DEFAULT first and again after the conversion' END
              FROM t JOIN pg_class c ON c.oid = t.oid
             WHERE c.relispartition OR c.relpersistence <> 'p' OR c.reloftype <> 0 OR c.relreplident NOT IN ('d', 'n')
            UNION ALL
            SELECT 'it inherits from or is inherited by another table (table inheritance cannot be carried)'
              FROM t WHERE EXISTS (SELECT 1 FROM pg_inherits h WHERE h.inhrelid = t.oid OR h.inhparent = t.oid)
            UNION ALL
            SELECT format('%s reads it and is bound to this table; drop it before the conversion and re-create it after',
                          pg_describe_object(d.classid, d.objid, d.objsubid))
              FROM t JOIN pg_depend d ON d.refclassid = 'pg_class'::regclass AND d.refobjid = t.oid AND d.deptype = 'n'
             WHERE NOT (d.classid = 'pg_constraint'::regclass)
               AND NOT (d.classid = 'pg_rewrite'::regclass AND EXISTS (
                        SELECT 1 FROM pg_rewrite r JOIN pg_class v ON v.oid = r.ev_class
                         WHERE r.oid = d.objid AND v.relkind = 'v' AND v.oid <> t.oid))
               AND NOT (d.classid = 'pg_class'::regclass AND (d.objid = t.oid OR EXISTS (
                        SELECT 1 FROM pg_index i WHERE i.indexrelid = d.objid AND i.indrelid = t.oid)))
               -- the table's own policies, triggers, statistics and defaults name its columns; they are carried
               AND NOT (d.classid = 'pg_policy'::regclass AND EXISTS (
                        SELECT 1 FROM pg_policy p WHERE p.oid = d.objid AND p.polrelid = t.oid))
               AND NOT (d.classid = 'pg_trigger'::regclass AND EXISTS (
                        SELECT 1 FROM pg_trigger tg WHERE tg.oid = d.objid AND tg.tgrelid = t.oid))
               AND NOT (d.classid = 'pg_statistic_ext'::regclass AND EXISTS (
                        SELECT 1 FROM pg_statistic_ext x WHERE x.oid = d.objid AND x.stxrelid = t.oid))
               AND NOT (d.classid = 'pg_attrdef'::regclass AND EXISTS (
                        SELECT 1 FROM pg_attrdef ad WHERE ad.oid = d.objid AND ad.adrelid = t.oid))
            UNION ALL
            SELECT format('view %s is owned by %s, which the operator''s role is not a member of: the swap must re-create it',
                          v.oid::regclass, pg_get_userbyid(v.relowner))
              FROM t JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.refobjid = t.oid
              JOIN pg_rewrite r ON r.oid = d.objid JOIN pg_class v ON v.oid = r.ev_class
             WHERE v.relkind = 'v' AND v.oid <> t.oid AND NOT pg_has_role(current_user, v.relowner, 'MEMBER')
            """;

    private static final String VIEWS = """
            SELECT DISTINCT v.oid::regclass::text
              FROM pg_depend d JOIN pg_rewrite r ON r.oid = d.objid JOIN pg_class v ON v.oid = r.ev_class
             WHERE d.classid = 'pg_rewrite'::regclass AND d.refobjid = to_regclass(?) AND v.relkind = 'v'
               AND v.oid <> d.refobjid
             ORDER BY 1
            """;

    private SourceCatalog() {
    }

    /** The table, or empty when it does not exist. */
    static Optional<SourceTable> read(Connection c, String qualifiedTable, String keyColumn, boolean hash)
            throws SQLException {
        String quoted = Identifiers.quoteQualified(qualifiedTable);
        try (PreparedStatement ps = c.prepareStatement(TABLE)) {
            ps.setString(1, quoted);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String schema = rs.getString(1);
                String name = rs.getString(2);
                boolean partitioned = "p".equals(rs.getString(3));
                boolean owned = rs.getBoolean(4);
                long pages = rs.getLong(5);
                long estimatedRows = rs.getLong(6);
                long totalBytes = rs.getLong(7);
                int version = rs.getInt(8);
                List<SourceTable.Column> columns = columns(c, quoted);
                SourceTable.Column key = columns.stream().filter(col -> col.name().equals(keyColumn)).findFirst()
                        .orElse(null);
                String table = Identifiers.quote(schema) + "." + Identifiers.quote(name);
                boolean nulls = !partitioned && key != null && !key.notNull()
                        && queryBoolean(c, "SELECT EXISTS (SELECT 1 FROM " + table + " WHERE "
                                + Identifiers.quote(keyColumn) + " IS NULL)");
                // an already partitioned table is not converted: spare it the probe (a temporary table)
                boolean supported = !partitioned && key != null && keyTypeSupported(c, key.type(), hash);
                return Optional.of(new SourceTable(schema, name, partitioned, columns, strings(c, PRIMARY_KEY, quoted),
                        key == null ? null : keyColumn, nulls, supported, owned,
                        partitioned ? List.of() : strings(c, BLOCKING, quoted, keyColumn),
                        partitioned ? List.of() : strings(c, VIEWS, quoted), version, pages, estimatedRows, totalBytes));
            }
        }
    }

    /** The oldest and newest key of a range conversion, from an index on the key when there is one. */
    static Instant[] keyBounds(Connection c, SourceTable source) throws SQLException {
        String key = Identifiers.quote(source.keyColumn());
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT min(" + key + "), max(" + key
                + ") FROM " + Identifiers.quote(source.schema()) + "." + Identifiers.quote(source.name()))) {
            rs.next();
            return new Instant[] { instant(rs.getObject(1, OffsetDateTime.class)),
                    instant(rs.getObject(2, OffsetDateTime.class)) };
        }
    }

    /**
     * Range keys must be timestamptz, the one type the bounds are computed for. For hash, whether
     * PostgreSQL can hash the type is asked of PostgreSQL itself: a temporary partitioned table on
     * it is created and rolled back.
     */
    private static boolean keyTypeSupported(Connection c, String type, boolean hash) throws SQLException {
        if (!hash) {
            return "timestamp with time zone".equals(type);
        }
        boolean autocommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TEMP TABLE wfdb_key_probe (k " + type + ") PARTITION BY HASH (k)");
            return true;
        } catch (SQLException e) {
            return false;
        } finally {
            c.rollback();
            c.setAutoCommit(autocommit);
        }
    }

    private static List<SourceTable.Column> columns(Connection c, String quoted) throws SQLException {
        List<SourceTable.Column> columns = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(COLUMNS)) {
            ps.setString(1, quoted);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(new SourceTable.Column(rs.getString(1), rs.getString(2), rs.getBoolean(3),
                            rs.getBoolean(4), rs.getBoolean(5)));
                }
            }
        }
        return columns;
    }

    static List<String> strings(Connection c, String sql, String... parameters) throws SQLException {
        List<String> values = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setString(i + 1, parameters[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
        }
        return values;
    }

    static long longValue(Connection c, String sql, String... parameters) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setString(i + 1, parameters[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Both counts of a two-column count query in one REPEATABLE READ snapshot, so concurrent writes cancel out. */
    static long[] countsInOneSnapshot(Connection autocommit, String sql) throws SQLException {
        int isolation = autocommit.getTransactionIsolation();
        autocommit.setAutoCommit(false);
        autocommit.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try (Statement st = autocommit.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return new long[] { rs.getLong(1), rs.getLong(2) };
        } finally {
            autocommit.rollback();
            autocommit.setAutoCommit(true);
            autocommit.setTransactionIsolation(isolation);
        }
    }

    static List<String> copiedColumns(Connection c, String quotedTable) throws SQLException {
        return columns(c, quotedTable).stream().filter(col -> !col.generated()).map(SourceTable.Column::name).toList();
    }

    static List<String> primaryKeyOf(Connection c, String quotedTable) throws SQLException {
        return strings(c, PRIMARY_KEY, quotedTable);
    }

    static boolean queryBoolean(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }
}
