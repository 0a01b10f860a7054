package io.workflowdb.operator.schema.index;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import io.workflowdb.operator.api.v1alpha1.IndexColumn;
import io.workflowdb.operator.api.v1alpha1.IndexSpec;
import io.workflowdb.operator.api.v1alpha1.RollingWindow;
import io.workflowdb.operator.schedule.Durations;
import io.workflowdb.operator.schedule.Schedule;
import io.workflowdb.operator.sql.Identifiers;
import io.workflowdb.operator.sql.Identifiers.QualifiedName;
import io.workflowdb.operator.validation.SpecChecks;
import io.workflowdb.operator.validation.Violation;

/**
 * A declared index rendered to SQL at one instant: the CREATE statement for any index name and
 * table (the operator builds under temporary and per-partition names), the canonical definition
 * whose hash the ownership marker carries, and the rolling-window cutoff written as a literal,
 * because PostgreSQL refuses {@code now()} in an index predicate.
 */
final class IndexDefinition {

    /** How the CREATE statement reaches the table. */
    enum Target {
        /** A plain table or a leaf partition: built without blocking writes. */
        CONCURRENTLY,
        /** A partitioned table: the parent's index alone, invalid until every partition's is attached. */
        PARENT_ONLY,
        /** A partitioned table without partitions: nothing to build, so nothing to do concurrently. */
        EMPTY_PARENT
    }

    static final String DEFAULT_REBUILD_SCHEDULE = "0 3 * * *";

    private static final Pattern STORAGE_KEY = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Pattern STORAGE_VALUE = Pattern.compile("[A-Za-z0-9_.]{1,64}");
    private static final DateTimeFormatter LITERAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'+00'")
            .withZone(ZoneOffset.UTC);

    private final String name;
    private final QualifiedName table;
    private final boolean unique;
    private final String body;
    private final OwnershipMarker marker;
    private final Schedule rebuildSchedule;

    private IndexDefinition(String name, QualifiedName table, boolean unique, String body, OwnershipMarker marker,
            Schedule rebuildSchedule) {
        this.name = name;
        this.table = table;
        this.unique = unique;
        this.body = body;
        this.marker = marker;
        this.rebuildSchedule = rebuildSchedule;
    }

    /** Renders a spec; throws {@link IllegalArgumentException} with a message fit for status when it cannot. */
    static IndexDefinition of(IndexSpec spec, Instant now) {
        Identifiers.quote(spec.name);
        QualifiedName table = QualifiedName.parse(spec.table);
        boolean unique = Boolean.TRUE.equals(spec.unique);
        String method = spec.method == null ? "btree" : spec.method.name().toLowerCase(Locale.ROOT);
        String keys = keys(spec.columns);
        String include = spec.include == null || spec.include.isEmpty() ? ""
                : " INCLUDE (" + String.join(", ", spec.include.stream().map(Identifiers::quote).toList()) + ")";
        String with = storageParameters(spec.storageParameters);
        String where = spec.where == null ? null : "(" + checked(new SpecChecks().indexPredicate("where", spec.where), spec.where) + ")";
        RollingWindow window = spec.rollingWindow;
        Duration keep = window == null ? null : Durations.parse(window.keep);

        String head = " USING " + method + " (" + keys + ")" + include + with;
        String canonical = String.join("\n", "unique=" + unique, "table=" + Identifiers.quoteQualified(spec.table), head,
                "where=" + where, window == null ? "window=" : "window=" + Identifiers.quote(window.column) + " " + keep.toSeconds());
        String hash = IndexNames.sha256(canonical);
        if (window == null) {
            return new IndexDefinition(spec.name, table, unique, head + (where == null ? "" : " WHERE " + where),
                    new OwnershipMarker(hash, null, null), null);
        }
        Instant built = now.truncatedTo(ChronoUnit.SECONDS);
        Instant cutoff = built.minus(keep);
        String bound = Identifiers.quote(window.column) + " >= '" + LITERAL.format(cutoff) + "'";
        String schedule = window.rebuildSchedule == null ? DEFAULT_REBUILD_SCHEDULE : window.rebuildSchedule;
        return new IndexDefinition(spec.name, table, unique, head + " WHERE " + (where == null ? bound : where + " AND " + bound),
                new OwnershipMarker(hash, cutoff, built), Schedule.parse(schedule));
    }

    String name() {
        return name;
    }

    QualifiedName table() {
        return table;
    }

    /** The marker an index built now from this definition carries. */
    OwnershipMarker marker() {
        return marker;
    }

    /** {@code CREATE INDEX} under {@code indexName} on {@code quotedTable}. */
    String create(String indexName, String quotedTable, Target target) {
        return "CREATE " + (unique ? "UNIQUE " : "") + "INDEX "
                + (target == Target.CONCURRENTLY ? "CONCURRENTLY " : "") + Identifiers.quote(indexName)
                + " ON " + (target == Target.PARENT_ONLY ? "ONLY " : "") + quotedTable + body;
    }

    /** Whether an index with this definition and {@code existing} marker is out of date at {@code now}. */
    boolean needsRebuild(OwnershipMarker existing, Instant now) {
        if (!existing.definitionHash().equals(marker.definitionHash())) {
            return true;
        }
        if (rebuildSchedule == null) {
            return false;
        }
        if (existing.built() == null) {
            return true;
        }
        return rebuildSchedule.lastAtOrBefore(now.atZone(ZoneOffset.UTC))
                .map(fire -> fire.toInstant().isAfter(existing.built()))
                .orElse(false);
    }

    private static String keys(List<IndexColumn> columns) {
        if (columns == null || columns.isEmpty()) {
            throw new IllegalArgumentException("an index needs at least one column or expression");
        }
        List<String> keys = new ArrayList<>();
        for (IndexColumn c : columns) {
            if ((c.column == null) == (c.expression == null)) {
                throw new IllegalArgumentException("each key sets exactly one of column or expression");
            }
            StringBuilder key = new StringBuilder(c.column != null ? Identifiers.quote(c.column)
                    : "(" + checked(new SpecChecks().sqlExpression("expression", c.expression), c.expression) + ")");
            if (c.opclass != null) {
                key.append(' ').append(Identifiers.quote(c.opclass));
            }
            boolean descending = c.order == IndexColumn.Order.DESC;
            if (descending) {
                key.append(" DESC");
            }
            // written only when it differs from PostgreSQL's default, so equal indexes hash equally
            if (c.nulls == IndexColumn.Nulls.FIRST && !descending) {
                key.append(" NULLS FIRST");
            } else if (c.nulls == IndexColumn.Nulls.LAST && descending) {
                key.append(" NULLS LAST");
            }
            keys.add(key.toString());
        }
        return String.join(", ", keys);
    }

    private static String storageParameters(Map<String, String> parameters) {
        if (parameters == null || parameters.isEmpty()) {
            return "";
        }
        List<String> pairs = new ArrayList<>();
        new TreeMap<>(parameters).forEach((key, value) -> {
            if (!STORAGE_KEY.matcher(key).matches() || value == null || !STORAGE_VALUE.matcher(value).matches()) {
                throw new IllegalArgumentException("storage parameter " + key + "=" + value
                        + " is not a name with a value of letters, digits, '.' or '_'");
            }
            pairs.add(key + " = '" + value + "'");
        });
        return " WITH (" + String.join(", ", pairs) + ")";
    }

    private static String checked(SpecChecks checks, String sql) {
        List<Violation> violations = checks.violations();
        if (!violations.isEmpty()) {
            throw new IllegalArgumentException(violations.get(0).toString());
        }
        return sql;
    }
}
