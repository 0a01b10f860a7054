package io.workflowdb.operator.partition.convert;

import java.util.List;
import java.util.stream.Collectors;

import io.workflowdb.operator.sql.Identifiers;

/**
 * Statement texts of a conversion. Names are quoted by {@link Identifiers}; page numbers are longs.
 * Statements that carry catalog text (view definitions, grants, comments, policies) are produced by
 * PostgreSQL's own {@code format()} in {@link Swap}, never pasted together here.
 */
final class ConversionSql {

    static final String CAPTURE_TRIGGER = "wfdb_capture";
    static final String CAPTURE_TRUNCATE_TRIGGER = "wfdb_capture_truncate";

    private ConversionSql() {
    }

    static String qualify(ConversionPlan plan, String name) {
        return Identifiers.quote(plan.schema()) + "." + Identifiers.quote(name);
    }

    static String source(ConversionPlan plan) {
        return qualify(plan, plan.table());
    }

    static String shadow(ConversionPlan plan) {
        return qualify(plan, plan.shadow());
    }

    /** The partitioned table shaped like the original; indexes and keys are added one by one after. */
    static String createShadow(ConversionPlan plan, boolean withIdentity) {
        return "CREATE TABLE " + shadow(plan) + " (LIKE " + source(plan) + " INCLUDING DEFAULTS INCLUDING CONSTRAINTS"
                + " INCLUDING GENERATED INCLUDING STORAGE INCLUDING COMMENTS INCLUDING STATISTICS"
                + " INCLUDING COMPRESSION" + (withIdentity ? " INCLUDING IDENTITY" : "") + ") PARTITION BY "
                + ("hash".equals(plan.strategy()) ? "HASH" : "RANGE") + " (" + Identifiers.quote(plan.keyColumn()) + ")";
    }

    /** Name of the new table's k-th index while it is built (0 is the primary key). */
    static String newIndex(ConversionPlan plan, int k) {
        return plan.table() + "_wfdb_new_i" + k;
    }

    /** Name the original's k-th index takes at the swap. */
    static String oldIndex(ConversionPlan plan, int k) {
        return plan.table() + "_wfdb_old_i" + k;
    }

    static String primaryKey(ConversionPlan plan) {
        return "ALTER TABLE " + shadow(plan) + " ADD CONSTRAINT " + Identifiers.quote(newIndex(plan, 0))
                + " PRIMARY KEY (" + list(plan.primaryKey()) + ")";
    }

    static String list(List<String> columns) {
        return columns.stream().map(Identifiers::quote).collect(Collectors.joining(", "));
    }

    private static String prefixed(String prefix, List<String> columns) {
        return columns.stream().map(c -> prefix + Identifiers.quote(c)).collect(Collectors.joining(", "));
    }

    /** Copies the rows of pages {@code [from, to)}; rows already there (carried by the trigger) are skipped. */
    static String copyPages(ConversionPlan plan, long from, long to) {
        String columns = list(plan.columns());
        return "INSERT INTO " + shadow(plan) + " (" + columns + ") OVERRIDING SYSTEM VALUE SELECT " + columns
                + " FROM " + source(plan) + " WHERE ctid >= '(" + from + ",0)'::tid AND ctid < '(" + to
                + ",0)'::tid ON CONFLICT DO NOTHING";
    }

    /** Rows of the new table whose key the original no longer has: deleted while their page was being copied. */
    static String deleteVanished(ConversionPlan plan) {
        String key = plan.primaryKey().stream().map(c -> "o." + Identifiers.quote(c) + " = n." + Identifiers.quote(c))
                .collect(Collectors.joining(" AND "));
        return "DELETE FROM " + shadow(plan) + " n WHERE NOT EXISTS (SELECT 1 FROM " + source(plan) + " o WHERE " + key
                + ")";
    }

    static String countBoth(ConversionPlan plan) {
        return "SELECT (SELECT count(*) FROM " + source(plan) + "), (SELECT count(*) FROM " + shadow(plan) + ")";
    }

    /** One function per table, named from a digest of {@code schema.table} so that any name fits. */
    static String captureFunction(ConversionPlan plan) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(plan.source().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "workflowdb." + Identifiers.quote("capture_" + java.util.HexFormat.of().formatHex(digest, 0, 8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The change capture: every insert, update and delete of the original is applied to the new table
     * in the same transaction, as the function's owner (the application's role need not be able to
     * write the new table), with a fixed search_path. A delete, or an update of the key, also marks
     * the record: a copy batch that read the row before may have put it back, which the verification
     * then removes (without such a mark it skips that pass over both tables).
     */
    static String createCaptureFunction(ConversionPlan plan, String tag) {
        String shadow = shadow(plan);
        String keyMatch = "(" + list(plan.primaryKey()) + ") = (" + prefixed("OLD.", plan.primaryKey()) + ")";
        List<String> updatable = plan.columns().stream().filter(c -> !plan.primaryKey().contains(c)).toList();
        String onConflict = updatable.isEmpty() ? "DO NOTHING"
                : "DO UPDATE SET " + updatable.stream().map(c -> Identifiers.quote(c) + " = EXCLUDED." + Identifiers.quote(c))
                        .collect(Collectors.joining(", "));
        String dollar = "$" + tag + "$";
        return "CREATE OR REPLACE FUNCTION " + captureFunction(plan) + "() RETURNS trigger LANGUAGE plpgsql"
                + " SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS " + dollar + "\nBEGIN\n"
                + "  IF TG_OP = 'TRUNCATE' THEN\n    TRUNCATE " + shadow + ";\n    RETURN NULL;\n  END IF;\n"
                + "  IF TG_OP IN ('UPDATE', 'DELETE') THEN\n    DELETE FROM " + shadow + " WHERE " + keyMatch + ";\n"
                + "    IF TG_OP = 'DELETE' OR (" + prefixed("OLD.", plan.primaryKey()) + ") IS DISTINCT FROM ("
                + prefixed("NEW.", plan.primaryKey()) + ") THEN\n"
                + "      UPDATE " + ConversionProgress.TABLE + " SET vanished = true WHERE source = '"
                + plan.source().replace("'", "''") + "' AND NOT vanished;\n    END IF;\n  END IF;\n"
                + "  IF TG_OP IN ('INSERT', 'UPDATE') THEN\n    INSERT INTO " + shadow + " (" + list(plan.columns())
                + ") OVERRIDING SYSTEM VALUE VALUES (" + prefixed("NEW.", plan.columns()) + ")\n      ON CONFLICT ("
                + list(plan.primaryKey()) + ") " + onConflict + ";\n  END IF;\n  RETURN NULL;\nEND\n" + dollar;
    }

    static List<String> createCaptureTriggers(ConversionPlan plan) {
        return List.of(
                "CREATE TRIGGER " + CAPTURE_TRIGGER + " AFTER INSERT OR UPDATE OR DELETE ON " + source(plan)
                        + " FOR EACH ROW EXECUTE FUNCTION " + captureFunction(plan) + "()",
                "CREATE TRIGGER " + CAPTURE_TRUNCATE_TRIGGER + " AFTER TRUNCATE ON " + source(plan)
                        + " FOR EACH STATEMENT EXECUTE FUNCTION " + captureFunction(plan) + "()");
    }

    static List<String> dropCaptureTriggers(ConversionPlan plan, String table) {
        return List.of("DROP TRIGGER IF EXISTS " + CAPTURE_TRIGGER + " ON " + qualify(plan, table),
                "DROP TRIGGER IF EXISTS " + CAPTURE_TRUNCATE_TRIGGER + " ON " + qualify(plan, table));
    }
}
