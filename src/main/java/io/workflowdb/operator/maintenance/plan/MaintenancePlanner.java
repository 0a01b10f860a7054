package io.workflowdb.operator.maintenance.plan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.workflowdb.operator.api.v1alpha1.MaintenancePolicySpec;
import io.workflowdb.operator.maintenance.plan.CatalogFacts.InvalidIndex;
import io.workflowdb.operator.maintenance.plan.MaintenanceAction.Kind;
import io.workflowdb.operator.schedule.Durations;
import io.workflowdb.operator.sql.Identifiers;
import io.workflowdb.operator.sql.ManagedIndexes;

/**
 * Turns a MaintenancePolicy spec and what the catalog says into the ordered actions of a run, with
 * their exact SQL: the seed's order (ANALYZE, VACUUM, refresh), then invalid indexes, then reports.
 * One action per table, view and index, so that one missing object fails only its own action.
 */
public final class MaintenancePlanner {

    /**
     * A plain refresh takes an ACCESS EXCLUSIVE lock; queued behind a long reader it would block every
     * later reader, so it gives up after this wait instead.
     */
    public static final Duration PLAIN_REFRESH_LOCK_TIMEOUT = Duration.ofSeconds(5);

    public static final Duration DEFAULT_MAX_DURATION = Duration.ofMinutes(30);

    /** The names PostgreSQL gives the transient indexes of REINDEX CONCURRENTLY: {@code <index>_ccnew}, {@code _ccold1}. */
    private static final Pattern REINDEX_LEFTOVER = Pattern.compile("(.+)_cc(?:new|old)[0-9]*");


    private MaintenancePlanner() {
    }

    public static MaintenancePlan plan(MaintenancePolicySpec spec, CatalogFacts facts) {
        List<MaintenanceAction> actions = new ArrayList<>();
        if (spec.analyze != null) {
            perTable(actions, Kind.ANALYZE, "analyze", "ANALYZE", spec.analyze.tables);
        }
        if (spec.vacuum != null) {
            String vacuum = Boolean.FALSE.equals(spec.vacuum.analyze) ? "VACUUM" : "VACUUM (ANALYZE)";
            perTable(actions, Kind.VACUUM, "vacuum", vacuum, spec.vacuum.tables);
        }
        if (spec.refreshMaterializedViews != null && spec.refreshMaterializedViews.names != null) {
            boolean concurrently = !Boolean.FALSE.equals(spec.refreshMaterializedViews.concurrently);
            spec.refreshMaterializedViews.names.stream().distinct()
                    .forEach(name -> actions.add(refresh(name, concurrently, facts)));
        }
        if (Boolean.TRUE.equals(spec.reindexInvalid)) {
            actions.addAll(repairInvalid(facts.invalidIndexes()));
        }
        List<ReportKind> reports = new ArrayList<>();
        if (spec.reports != null) {
            if (Boolean.TRUE.equals(spec.reports.unusedIndexes)) {
                reports.add(ReportKind.UNUSED_INDEXES);
            }
            if (Boolean.TRUE.equals(spec.reports.bloat)) {
                reports.add(ReportKind.BLOAT);
            }
            if (Boolean.TRUE.equals(spec.reports.sizes)) {
                reports.add(ReportKind.SIZES);
            }
        }
        return new MaintenancePlan(actions, reports);
    }

    /** spec.maxDuration, or its default. */
    public static Duration maxDuration(MaintenancePolicySpec spec) {
        return spec.maxDuration == null ? DEFAULT_MAX_DURATION : Durations.parse(spec.maxDuration);
    }

    /** No tables means the whole database, in one statement. */
    private static void perTable(List<MaintenanceAction> actions, Kind kind, String verb, String command,
            List<String> tables) {
        if (tables == null || tables.isEmpty()) {
            actions.add(new MaintenanceAction(kind, verb, command, null, null));
            return;
        }
        tables.stream().distinct().forEach(table -> actions.add(new MaintenanceAction(kind, verb + " " + table,
                command + " " + Identifiers.quoteQualified(table), null, null)));
    }

    /**
     * CONCURRENTLY refuses a view that was never populated, so such a view is filled plainly: it
     * cannot be read before that anyway. A name that resolves to nothing keeps the spec's spelling,
     * and PostgreSQL's error becomes the action's message.
     */
    private static MaintenanceAction refresh(String name, boolean concurrently, CatalogFacts facts) {
        CatalogFacts.View view = facts.views().get(name);
        String target = view == null ? Identifiers.quoteQualified(name)
                : Identifiers.quote(view.schema()) + "." + Identifiers.quote(view.name());
        boolean neverPopulated = view != null && view.materialized() && !view.populated();
        boolean concurrent = concurrently && !neverPopulated;
        String note = concurrently && neverPopulated
                ? "never populated, so refreshed without CONCURRENTLY" : null;
        return new MaintenanceAction(Kind.REFRESH, "refresh " + name,
                "REFRESH MATERIALIZED VIEW " + (concurrent ? "CONCURRENTLY " : "") + target,
                concurrent ? null : PLAIN_REFRESH_LOCK_TIMEOUT, note);
    }

    /**
     * Leftovers of a failed REINDEX CONCURRENTLY are dropped, as PostgreSQL's documentation advises,
     * before the other INVALID indexes are rebuilt. Indexes being built right now, and those the
     * schema pass manages, are left alone.
     */
    static List<MaintenanceAction> repairInvalid(List<InvalidIndex> invalid) {
        List<MaintenanceAction> drops = new ArrayList<>();
        List<MaintenanceAction> reindexes = new ArrayList<>();
        int building = 0;
        int managed = 0;
        List<InvalidIndex> sorted = invalid.stream().sorted(Comparator.comparing(InvalidIndex::label)).toList();
        for (InvalidIndex index : sorted) {
            String qualified = Identifiers.quote(index.schema()) + "." + Identifiers.quote(index.name());
            if (index.building()) {
                building++;
            } else if (managedBySchemaPass(index)) {
                managed++;
            } else if (leftoverOf(index) != null) {
                drops.add(new MaintenanceAction(Kind.DROP_LEFTOVER, "drop " + index.label(),
                        "DROP INDEX CONCURRENTLY " + qualified, null,
                        "left by a failed REINDEX CONCURRENTLY of " + index.schema() + "." + leftoverOf(index)));
            } else {
                reindexes.add(new MaintenanceAction(Kind.REINDEX, "reindex " + index.label(),
                        "REINDEX INDEX CONCURRENTLY " + qualified, null, null));
            }
        }
        List<MaintenanceAction> actions = new ArrayList<>(drops);
        actions.addAll(reindexes);
        if (actions.isEmpty()) {
            String note = "no invalid index to rebuild";
            if (building > 0) {
                note += "; " + building + " being built now";
            }
            if (managed > 0) {
                note += "; " + managed + " left to the schema pass, which rebuilds the indexes it declares";
            }
            actions.add(new MaintenanceAction(Kind.NOTHING, "reindex invalid indexes", null, null, note));
        }
        return actions;
    }

    /** The schema pass builds under its own names and marks its indexes; it repairs them itself. */
    private static boolean managedBySchemaPass(InvalidIndex index) {
        return ManagedIndexes.ownedBySchemaPass(index.name(), index.comment());
    }

    /** The index a REINDEX leftover belongs to, when that index still exists; else null. */
    private static String leftoverOf(InvalidIndex index) {
        Matcher m = REINDEX_LEFTOVER.matcher(index.name());
        return m.matches() && index.tableIndexes().contains(m.group(1)) ? m.group(1) : null;
    }
}
