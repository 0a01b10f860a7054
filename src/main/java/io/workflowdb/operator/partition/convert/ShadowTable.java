package io.workflowdb.operator.partition.convert;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import io.workflowdb.operator.partition.execute.PartitionSql;
import io.workflowdb.operator.partition.model.PartitionAction;
import io.workflowdb.operator.partition.model.PartitionAction.CreateDefaultPartition;
import io.workflowdb.operator.partition.model.PartitionAction.CreateHashPartition;
import io.workflowdb.operator.partition.model.PartitionAction.CreateRangePartition;
import io.workflowdb.operator.sql.Identifiers;

/**
 * Builds the new partitioned table next to the original while nobody uses it: shape, partitions,
 * primary key, the original's other indexes and unique constraints, sequences, foreign keys it
 * holds, owner. Every statement here touches only the new table, except a foreign key, which
 * briefly locks the table it references (SHARE ROW EXCLUSIVE) and so runs under the short lock
 * timeout like every lock on a user's table.
 */
final class ShadowTable {

    /** The original's indexes other than the primary key: name, backing constraint (or null) and definition. */
    private static final String INDEXES = """
            SELECT c.relname, con.conname, con.contype, pg_get_constraintdef(con.oid),
                   substring(pg_get_indexdef(i.indexrelid) FROM ' USING .*$'), i.indisunique
              FROM pg_index i
              JOIN pg_class c ON c.oid = i.indexrelid
              LEFT JOIN pg_constraint con ON con.conindid = i.indexrelid AND con.conrelid = i.indrelid
             WHERE i.indrelid = to_regclass(?) AND NOT i.indisprimary AND i.indisvalid
             ORDER BY c.relname
            """;

    /**
     * Comments on the original's indexes (the schema pass marks the indexes it owns with one), put
     * on the new index that takes each one's name at the swap: {@code _i<k>} for the k-th name.
     */
    private static final String INDEX_COMMENTS = """
            SELECT format('COMMENT ON INDEX %I.%I IS %L', ?::text, ?::text || (k.ord - 1), obj_description(c.oid, 'pg_class'))
              FROM unnest(?::text[]) WITH ORDINALITY AS k(name, ord)
              JOIN pg_class c ON c.relname = k.name
              JOIN pg_index i ON i.indexrelid = c.oid AND i.indrelid = to_regclass(?)
             WHERE obj_description(c.oid, 'pg_class') IS NOT NULL
            """;

    private static final String PRIMARY_KEY_NAME = """
            SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
             WHERE i.indrelid = to_regclass(?) AND i.indisprimary
            """;

    private static final String FOREIGN_KEYS = """
            SELECT format('ALTER TABLE %s ADD CONSTRAINT %I %s', ?, con.conname, pg_get_constraintdef(con.oid))
              FROM pg_constraint con WHERE con.conrelid = to_regclass(?) AND con.contype = 'f'
               AND NOT EXISTS (SELECT 1 FROM pg_constraint s
                                WHERE s.conrelid = to_regclass(?) AND s.conname = con.conname)
             ORDER BY con.conname
            """;

    /** Identity columns on servers whose partitioned tables cannot have them: a sequence of their own instead. */
    private static final String IDENTITY_SEQUENCES = """
            SELECT a.attname, format_type(a.atttypid, a.atttypmod)
              FROM pg_attribute a
             WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped AND a.attidentity <> ''
             ORDER BY a.attnum
            """;

    private static final String OWNER = """
            SELECT pg_get_userbyid(relowner), pg_get_userbyid(relowner) = current_user FROM pg_class WHERE oid = to_regclass(?)
            """;

    private ShadowTable() {
    }

    /**
     * Creates the table and its partitions and indexes in one transaction on {@code c} (autocommit
     * off); returns the original's index names in the order of the new ones ({@code _i1}, {@code _i2}
     * ...; the primary key is {@code _i0}).
     */
    static List<String> create(Connection c, ConversionPlan plan, SourceTable source) throws SQLException {
        String shadow = ConversionSql.shadow(plan);
        String original = ConversionSql.source(plan);
        Statements run = new Statements(c);
        run.execute(ConversionSql.createShadow(plan, source.identityOnPartitioned()));
        for (PartitionAction action : plan.layout()) {
            for (String sql : partition(plan, action)) {
                run.execute(sql);
            }
        }
        List<String> indexNames = new ArrayList<>();
        indexNames.add(SourceCatalog.strings(c, PRIMARY_KEY_NAME, original).get(0));
        run.execute(ConversionSql.primaryKey(plan));
        try (PreparedStatement ps = c.prepareStatement(INDEXES)) {
            ps.setString(1, original);
            try (ResultSet rs = ps.executeQuery()) {
                List<String[]> indexes = new ArrayList<>();
                while (rs.next()) {
                    indexes.add(new String[] { rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), String.valueOf(rs.getBoolean(6)) });
                }
                for (String[] index : indexes) {
                    String name = ConversionSql.newIndex(plan, indexNames.size());
                    indexNames.add(index[0]);
                    if ("u".equals(index[2])) {
                        run.execute("ALTER TABLE " + shadow + " ADD CONSTRAINT " + Identifiers.quote(name) + " " + index[3]);
                    } else {
                        run.execute("CREATE " + ("true".equals(index[5]) ? "UNIQUE " : "") + "INDEX "
                                + Identifiers.quote(name) + " ON " + shadow + index[4]);
                    }
                }
            }
        }
        for (String sql : indexComments(c, plan, indexNames)) {
            run.execute(sql);
        }
        if (!source.identityOnPartitioned()) {
            identitySequences(c, plan, run);
        }
        owner(c, plan, run);
        return indexNames;
    }

    private static List<String> indexComments(Connection c, ConversionPlan plan, List<String> indexNames)
            throws SQLException {
        List<String> statements = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(INDEX_COMMENTS)) {
            ps.setString(1, plan.schema());
            ps.setString(2, ConversionSql.newIndex(plan, 0).replaceAll("0$", ""));
            ps.setArray(3, c.createArrayOf("text", indexNames.toArray()));
            ps.setString(4, ConversionSql.source(plan));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    statements.add(rs.getString(1));
                }
            }
        }
        return statements;
    }

    /**
     * The foreign keys the original holds that the new table lacks yet; each is added to the (still
     * empty) new table in its own short transaction.
     */
    static List<String> missingForeignKeys(Connection c, ConversionPlan plan) throws SQLException {
        return SourceCatalog.strings(c, FOREIGN_KEYS, ConversionSql.shadow(plan), ConversionSql.source(plan),
                ConversionSql.shadow(plan));
    }

    static String identitySequence(ConversionPlan plan, int k) {
        return plan.table() + "_wfdb_seq" + k;
    }

    private static void identitySequences(Connection c, ConversionPlan plan, Statements run) throws SQLException {
        List<String[]> columns = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(IDENTITY_SEQUENCES)) {
            ps.setString(1, ConversionSql.source(plan));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(new String[] { rs.getString(1), rs.getString(2) });
                }
            }
        }
        for (int k = 0; k < columns.size(); k++) {
            String sequence = ConversionSql.qualify(plan, identitySequence(plan, k));
            String column = Identifiers.quote(columns.get(k)[0]);
            run.execute("CREATE SEQUENCE " + sequence + " AS " + columns.get(k)[1] + " OWNED BY "
                    + ConversionSql.shadow(plan) + "." + column);
            run.execute("ALTER TABLE " + ConversionSql.shadow(plan) + " ALTER COLUMN " + column
                    + " SET DEFAULT nextval('" + sequence.replace("'", "''") + "'::regclass)");
        }
    }

    /** The new table and its partitions belong to the original's owner (the operator's role is a member of it). */
    private static void owner(Connection c, ConversionPlan plan, Statements run) throws SQLException {
        String owner;
        try (PreparedStatement ps = c.prepareStatement(OWNER)) {
            ps.setString(1, ConversionSql.source(plan));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getBoolean(2)) {
                    return;
                }
                owner = rs.getString(1);
            }
        }
        run.execute("ALTER TABLE " + ConversionSql.shadow(plan) + " OWNER TO " + Identifiers.quote(owner));
        for (PartitionAction action : plan.layout()) {
            for (String name : names(action)) {
                run.execute("ALTER TABLE " + ConversionSql.qualify(plan, name) + " OWNER TO " + Identifiers.quote(owner));
            }
        }
    }

    /**
     * The statements that create one partition of the new table. Leaves are created with autovacuum
     * off: the copy fills them at once, and an autovacuum that starts on them holds a lock the swap
     * would wait for (lock_timeout gives up before autovacuum yields to the waiter). It is switched
     * back on once the swap committed, and the swap is followed by ANALYZE.
     */
    static List<String> partition(ConversionPlan plan, PartitionAction action) {
        String parent = ConversionSql.shadow(plan);
        if (action instanceof CreateDefaultPartition a) {
            return List.of("CREATE TABLE " + ConversionSql.qualify(plan, a.partition()) + " PARTITION OF " + parent
                    + " DEFAULT" + NO_AUTOVACUUM);
        }
        if (action instanceof CreateHashPartition a) {
            return List.of("CREATE TABLE " + ConversionSql.qualify(plan, a.partition()) + " PARTITION OF " + parent
                    + " " + PartitionSql.hashBound(a.modulus(), a.remainder()) + NO_AUTOVACUUM);
        }
        CreateRangePartition a = (CreateRangePartition) action;
        List<String> statements = new ArrayList<>();
        statements.add("CREATE TABLE " + ConversionSql.qualify(plan, a.partition()) + " PARTITION OF " + parent
                + " " + PartitionSql.rangeBound(a.from(), a.to())
                + (a.subpartitionModulus() == null ? NO_AUTOVACUUM
                        : " PARTITION BY HASH (" + Identifiers.quote(a.subpartitionColumn()) + ")"));
        for (int r = 0; a.subpartitionModulus() != null && r < a.subpartitionModulus(); r++) {
            statements.add("CREATE TABLE " + ConversionSql.qualify(plan, PartitionSql.hashChild(a.partition(), r))
                    + " PARTITION OF " + ConversionSql.qualify(plan, a.partition()) + " "
                    + PartitionSql.hashBound(a.subpartitionModulus(), r) + NO_AUTOVACUUM);
        }
        return statements;
    }

    static final String NO_AUTOVACUUM = " WITH (autovacuum_enabled = false)";

    /** The leaves of the (now swapped-in) table whose autovacuum the conversion switched off. */
    private static final String LEAVES_WITHOUT_AUTOVACUUM = """
            SELECT format('ALTER TABLE %s RESET (autovacuum_enabled)', t.relid::regclass)
              FROM pg_partition_tree(to_regclass(?)) t JOIN pg_class c ON c.oid = t.relid
             WHERE t.isleaf AND 'autovacuum_enabled=false' = ANY (c.reloptions)
            """;

    /** Switches autovacuum back on, leaf by leaf (each a SHARE UPDATE EXCLUSIVE lock, which DML passes). */
    static void resetAutovacuum(Connection c, String quotedTable) throws SQLException {
        Statements run = new Statements(c);
        for (String sql : SourceCatalog.strings(c, LEAVES_WITHOUT_AUTOVACUUM, quotedTable)) {
            run.execute(sql);
        }
    }

    private static List<String> names(PartitionAction action) {
        List<String> names = new ArrayList<>(List.of(action.partition()));
        if (action instanceof CreateRangePartition a && a.subpartitionModulus() != null) {
            for (int r = 0; r < a.subpartitionModulus(); r++) {
                names.add(PartitionSql.hashChild(a.partition(), r));
            }
        }
        return names;
    }

    /** Runs statements on one connection, in whatever transaction it is in. */
    record Statements(Connection c) {
        void execute(String sql) throws SQLException {
            try (java.sql.Statement st = c.createStatement()) {
                st.execute(sql);
            }
        }

        long update(String sql) throws SQLException {
            try (java.sql.Statement st = c.createStatement()) {
                st.execute(sql);
                return Math.max(st.getLargeUpdateCount(), 0);
            }
        }
    }
}
