package io.workflowdb.operator.retention.plan;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.workflowdb.operator.api.v1alpha1.RetentionPolicySpec;
import io.workflowdb.operator.api.v1alpha1.WhereFilter;
import io.workflowdb.operator.retention.model.Column;
import io.workflowdb.operator.retention.model.TableShape;
import io.workflowdb.operator.sql.Identifiers;

/**
 * The statements of a retention run, built from the catalog's view of the tables. Names are quoted
 * through {@link Identifiers}; the cutoff, every filter value, the batch size and the resume key
 * are bound as text and cast to the column's type, so no value becomes SQL.
 *
 * <p>One batch is one statement, so one transaction: it locks up to batchSize eligible rows in
 * primary-key order ({@code FOR UPDATE SKIP LOCKED}: rows another transaction holds wait for a
 * later run instead of blocking this one), deletes exactly those rows, and inserts what the delete
 * returned into the archive with an explicit column list. A row is either in the source or in the
 * archive at every commit. Batches continue after the last key of the previous one (keyset), so a
 * run reads each row of the table at most once however large the backlog.
 *
 * <p>Like SQL, a NULL column matches no comparison: a row whose timestamp is NULL is never due,
 * and In, NotIn, Equals and NotEquals never match a NULL column.
 */
public final class RetentionStatements {

    /** Result columns of {@link #batch}: rows locked, rows moved, then the last key's columns as text. */
    public static final int SELECTED = 1;
    public static final int MOVED = 2;
    public static final int FIRST_KEY = 3;

    private RetentionStatements() {
    }

    /** How many rows are due now; what a dry run and {@code plan} report. */
    public static BoundStatement count(TableShape source, RetentionPolicySpec spec, Instant cutoff) {
        List<Object> params = new ArrayList<>();
        String sql = "SELECT count(*) FROM " + source.quoted() + " WHERE " + eligible(source, spec, cutoff, params);
        return new BoundStatement(sql, params);
    }

    /**
     * One batch.
     *
     * @param archive the archive table, or null to delete
     * @param after the previous batch's last key (text, one per primary-key column), or null for the first
     */
    public static BoundStatement batch(TableShape source, TableShape archive, RetentionPolicySpec spec, Instant cutoff,
            int batchSize, List<String> after) {
        List<Object> params = new ArrayList<>();
        List<String> key = source.primaryKey().stream().map(Identifiers::quote).toList();
        String keyList = String.join(", ", key);
        StringBuilder sql = new StringBuilder("WITH batch AS (SELECT ").append(keyList).append(" FROM ")
                .append(source.quoted()).append(" WHERE ").append(eligible(source, spec, cutoff, params));
        if (after != null) {
            sql.append(" AND (").append(keyList).append(") > (");
            for (int i = 0; i < key.size(); i++) {
                sql.append(i == 0 ? "" : ", ").append(cast(source, source.primaryKey().get(i)));
                params.add(after.get(i));
            }
            sql.append(')');
        }
        sql.append(" ORDER BY ").append(keyList).append(" LIMIT ? FOR UPDATE SKIP LOCKED)");
        params.add(batchSize);
        sql.append(", moved AS (DELETE FROM ").append(source.quoted()).append(" AS s");
        Column single = source.primaryKey().size() == 1 ? source.column(source.primaryKey().get(0)).orElseThrow() : null;
        if (single != null && !single.type().endsWith("[]")) {
            // The batch's keys as one array: an index scan of the primary key finds exactly them. A join
            // with the batch may become a hash join that reads the whole table once per batch, which the
            // planner prefers while the table is small (a few hundred thousand rows).
            sql.append(" WHERE s.").append(key.get(0)).append(" = ANY (ARRAY(SELECT ").append(key.get(0))
                    .append(" FROM batch))");
        } else {
            String join = key.stream().map(k -> "s." + k + " = b." + k).collect(Collectors.joining(" AND "));
            sql.append(" USING batch AS b WHERE ").append(join);
        }
        if (archive == null) {
            sql.append(" RETURNING 1)");
        } else {
            String columns = source.columns().stream().map(c -> Identifiers.quote(c.name())).collect(Collectors.joining(", "));
            String returned = source.columns().stream().map(c -> "s." + Identifiers.quote(c.name()))
                    .collect(Collectors.joining(", "));
            sql.append(" RETURNING ").append(returned).append("), archived AS (INSERT INTO ").append(archive.quoted())
                    .append(" (").append(columns).append(") SELECT ").append(columns).append(" FROM moved RETURNING 1)");
        }
        String lastKey = key.stream().map(k -> "last." + k + "::text").collect(Collectors.joining(", "));
        String descending = key.stream().map(k -> k + " DESC").collect(Collectors.joining(", "));
        sql.append(" SELECT (SELECT count(*) FROM batch), (SELECT count(*) FROM ")
                .append(archive == null ? "moved" : "archived").append("), ").append(lastKey)
                .append(" FROM (SELECT 1) AS one LEFT JOIN (SELECT ").append(keyList).append(" FROM batch ORDER BY ")
                .append(descending).append(" LIMIT 1) AS last ON true");
        return new BoundStatement(sql.toString(), params);
    }

    /**
     * Creates the archive like the source: same columns, types and NOT NULL constraints, without
     * defaults, identity or generation expressions (an archived row keeps the values it had), and
     * with the source's primary key, so a row can never be archived twice.
     */
    public static List<String> createArchive(TableShape source, String quotedArchive) {
        String key = source.primaryKey().stream().map(Identifiers::quote).collect(Collectors.joining(", "));
        return List.of("CREATE TABLE " + quotedArchive + " (LIKE " + source.quoted() + ")",
                "ALTER TABLE " + quotedArchive + " ADD PRIMARY KEY (" + key + ")");
    }

    /** The WHERE clause shared by counting and batches. */
    static String eligible(TableShape source, RetentionPolicySpec spec, Instant cutoff, List<Object> params) {
        Column ts = source.column(spec.timestampColumn).orElseThrow();
        String cutoffSql = ts.type().endsWith(" with time zone")
                ? "CAST(? AS timestamp with time zone)"
                : "(CAST(? AS timestamp with time zone) AT TIME ZONE 'UTC')";
        StringBuilder where = new StringBuilder(Identifiers.quote(ts.name())).append(" < ").append(cutoffSql);
        params.add(cutoff.toString());
        for (WhereFilter filter : spec.where == null ? List.<WhereFilter> of() : spec.where) {
            where.append(" AND ").append(condition(source, filter, params));
        }
        return where.toString();
    }

    private static String condition(TableShape source, WhereFilter filter, List<Object> params) {
        String column = Identifiers.quote(filter.column);
        List<String> values = filter.values == null ? List.of() : filter.values;
        params.addAll(values);
        String cast = cast(source, filter.column);
        String list = values.stream().map(v -> cast).collect(Collectors.joining(", "));
        return switch (filter.operator) {
            case Equals -> column + " = " + cast;
            case NotEquals -> column + " <> " + cast;
            case In -> column + " IN (" + list + ")";
            case NotIn -> column + " NOT IN (" + list + ")";
            case IsNull -> column + " IS NULL";
            case IsNotNull -> column + " IS NOT NULL";
        };
    }

    /** A placeholder cast to the column's type; the type text is the catalog's own {@code format_type}. */
    private static String cast(TableShape source, String columnName) {
        return "CAST(? AS " + source.column(columnName).orElseThrow().type() + ")";
    }
}
