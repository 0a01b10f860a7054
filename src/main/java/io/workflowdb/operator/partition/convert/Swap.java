package io.workflowdb.operator.partition.convert;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import io.workflowdb.operator.sql.Identifiers;

/**
 * The swap: one transaction that holds ACCESS EXCLUSIVE on the original and the new table for a
 * few catalog changes only, so the application waits for it for milliseconds. It drops the change
 * capture, renames the original away and the new table into its name, gives the new indexes the
 * original names, carries the sequences' positions, grants, comment, row-level security and its
 * policies, user triggers and publications, and re-creates the views over the table, which are
 * bound to the original's OID and would otherwise keep reading it.
 *
 * <p>Everything carried from the catalog is read at the start of the transaction, before the
 * renames, and printed by PostgreSQL's {@code format()} and {@code pg_get_*def()}: the names they
 * print still resolve after the renames, to the new table.
 */
final class Swap {

    /** Statements, each one row, that re-create on the new table what the original carries. */
    private static final String CARRIED = """
            WITH t AS (SELECT to_regclass(?) AS oid)
            SELECT format('GRANT %s ON %s TO %s%s', a.privilege_type, t.oid::regclass,
                          CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END,
                          CASE WHEN a.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END)
              FROM t JOIN pg_class c ON c.oid = t.oid, aclexplode(c.relacl) a
             WHERE a.grantee <> c.relowner
            UNION ALL
            SELECT format('GRANT %s (%I) ON %s TO %s%s', a.privilege_type, att.attname, t.oid::regclass,
                          CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END,
                          CASE WHEN a.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END)
              FROM t JOIN pg_attribute att ON att.attrelid = t.oid AND att.attacl IS NOT NULL, aclexplode(att.attacl) a
            UNION ALL
            SELECT format('COMMENT ON TABLE %s IS %L', t.oid::regclass, obj_description(t.oid, 'pg_class'))
              FROM t WHERE obj_description(t.oid, 'pg_class') IS NOT NULL
            UNION ALL
            SELECT format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', t.oid::regclass)
              FROM t JOIN pg_class c ON c.oid = t.oid WHERE c.relrowsecurity
            UNION ALL
            SELECT format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', t.oid::regclass)
              FROM t JOIN pg_class c ON c.oid = t.oid WHERE c.relforcerowsecurity
            UNION ALL
            SELECT format('CREATE POLICY %I ON %s AS %s FOR %s TO %s%s%s', p.polname, t.oid::regclass,
                          CASE WHEN p.polpermissive THEN 'PERMISSIVE' ELSE 'RESTRICTIVE' END,
                          CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE'
                                        WHEN 'd' THEN 'DELETE' ELSE 'ALL' END,
                          (SELECT string_agg(CASE WHEN r = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(r)) END, ', ')
                             FROM unnest(p.polroles) r),
                          CASE WHEN p.polqual IS NOT NULL THEN ' USING (' || pg_get_expr(p.polqual, p.polrelid) || ')' ELSE '' END,
                          CASE WHEN p.polwithcheck IS NOT NULL THEN ' WITH CHECK (' || pg_get_expr(p.polwithcheck, p.polrelid) || ')' ELSE '' END)
              FROM t JOIN pg_policy p ON p.polrelid = t.oid
            UNION ALL
            SELECT pg_get_triggerdef(tg.oid)
                   || CASE WHEN tg.tgenabled = 'D' THEN format('; ALTER TABLE %s DISABLE TRIGGER %I', t.oid::regclass, tg.tgname)
                           ELSE '' END
              FROM t JOIN pg_trigger tg ON tg.tgrelid = t.oid
             WHERE NOT tg.tgisinternal AND tg.tgname NOT IN ('wfdb_capture', 'wfdb_capture_truncate')
            UNION ALL
            SELECT format('ALTER PUBLICATION %I DROP TABLE %I.%I; ALTER PUBLICATION %I ADD TABLE %s',
                          p.pubname, n.nspname, ?, p.pubname, t.oid::regclass)
              FROM t JOIN pg_publication_rel pr ON pr.prrelid = t.oid JOIN pg_publication p ON p.oid = pr.prpubid
              JOIN pg_class c ON c.oid = t.oid JOIN pg_namespace n ON n.oid = c.relnamespace
            UNION ALL
            SELECT * FROM (SELECT DISTINCT format('CREATE OR REPLACE VIEW %s%s AS %s', v.oid::regclass,
                          CASE WHEN v.reloptions IS NOT NULL THEN ' WITH (' || array_to_string(v.reloptions, ', ') || ')'
                               ELSE '' END, pg_get_viewdef(v.oid))
              FROM t JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.refobjid = t.oid
              JOIN pg_rewrite r ON r.oid = d.objid JOIN pg_class v ON v.oid = r.ev_class
             WHERE v.relkind = 'v' AND v.oid <> t.oid) views
            """;

    /** Columns whose values come from a sequence, with it: identity columns and serial-owned ones. */
    private static final String SEQUENCES = """
            SELECT a.attname, a.attidentity <> '', pg_get_serial_sequence(?, a.attname)
              FROM pg_attribute a
             WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped
               AND pg_get_serial_sequence(?, a.attname) IS NOT NULL
             ORDER BY a.attnum
            """;

    private Swap() {
    }

    /** Runs inside the caller's transaction, after both tables are locked. */
    static void run(Connection c, ConversionPlan plan, List<String> indexNames, boolean identityOnPartitioned)
            throws SQLException {
        ShadowTable.Statements run = new ShadowTable.Statements(c);
        String original = ConversionSql.source(plan);
        List<String> carried = SourceCatalog.strings(c, CARRIED, original, plan.retired());
        List<String[]> sequences = sequences(c, original);
        for (String sql : ConversionSql.dropCaptureTriggers(plan, plan.table())) {
            run.execute(sql);
        }
        for (int k = 0; k < indexNames.size(); k++) {
            run.execute("ALTER INDEX " + ConversionSql.qualify(plan, indexNames.get(k)) + " RENAME TO "
                    + Identifiers.quote(ConversionSql.oldIndex(plan, k)));
        }
        run.execute("ALTER TABLE " + original + " RENAME TO " + Identifiers.quote(plan.retired()));
        run.execute("ALTER TABLE " + ConversionSql.shadow(plan) + " RENAME TO " + Identifiers.quote(plan.table()));
        for (int k = 0; k < indexNames.size(); k++) {
            run.execute("ALTER INDEX " + ConversionSql.qualify(plan, ConversionSql.newIndex(plan, k)) + " RENAME TO "
                    + Identifiers.quote(indexNames.get(k)));
        }
        carrySequences(c, plan, sequences, identityOnPartitioned, run);
        for (String sql : carried) {
            run.execute(sql);
        }
    }

    private static List<String[]> sequences(Connection c, String table) throws SQLException {
        List<String[]> sequences = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SEQUENCES)) {
            ps.setString(1, table);
            ps.setString(2, table);
            ps.setString(3, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sequences.add(new String[] { rs.getString(1), String.valueOf(rs.getBoolean(2)), rs.getString(3) });
                }
            }
        }
        return sequences;
    }

    /**
     * A serial column's sequence changes owner to the new table (dropping the original later must not
     * drop it). An identity column's new sequence starts where the original's stands; before
     * PostgreSQL 17 that new sequence is a plain one made at prepare, which takes the original's name.
     */
    private static void carrySequences(Connection c, ConversionPlan plan, List<String[]> sequences,
            boolean identityOnPartitioned, ShadowTable.Statements run) throws SQLException {
        String table = ConversionSql.source(plan);
        int identity = 0;
        for (String[] s : sequences) {
            String column = Identifiers.quote(s[0]);
            String oldSequence = s[2];
            if (!Boolean.parseBoolean(s[1])) {
                run.execute("ALTER SEQUENCE " + oldSequence + " OWNED BY " + table + "." + column);
                continue;
            }
            String newSequence = identityOnPartitioned
                    ? SourceCatalog.strings(c, "SELECT pg_get_serial_sequence(?, ?)", table, s[0]).get(0)
                    : ConversionSql.qualify(plan, ShadowTable.identitySequence(plan, identity));
            try (PreparedStatement ps = c.prepareStatement("SELECT setval(?::regclass, last_value, is_called) FROM "
                    + oldSequence)) {
                ps.setString(1, newSequence);
                ps.executeQuery().close();
            }
            if (!identityOnPartitioned) {
                String oldName = oldSequence.substring(oldSequence.lastIndexOf('.') + 1).replace("\"", "");
                run.execute("ALTER SEQUENCE " + oldSequence + " RENAME TO "
                        + Identifiers.quote(plan.table() + "_wfdb_old_s" + identity));
                run.execute("ALTER SEQUENCE " + newSequence + " RENAME TO " + Identifiers.quote(oldName));
            }
            identity++;
        }
    }
}
