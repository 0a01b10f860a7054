package io.workflowdb.operator.schema.view;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.workflowdb.operator.api.v1alpha1.MaterializedViewSpec;
import io.workflowdb.operator.api.v1alpha1.SchemaStatus.MaterializedViewStatus;

/**
 * Keeps a database's materialized views as declared: read the catalog, plan, run. The reconciler
 * calls {@link #reconcile}; the CLI shows {@link #plan}.
 */
public final class MaterializedViews {

    private MaterializedViews() {
    }

    /**
     * Creates, refreshes, rebuilds and drops views as the specs and their schedules require.
     *
     * @param previous the status of the previous run, which tells when each view was last refreshed
     * @return one status per declared view; a view that failed carries PostgreSQL's message
     * @throws SQLException when the catalog cannot be read or the connection is lost
     */
    public static List<MaterializedViewStatus> reconcile(Connection c, List<MaterializedViewSpec> specs,
            List<MaterializedViewStatus> previous, Clock clock) throws SQLException {
        return reconcile(c, specs, previous, Map.of(), clock);
    }

    /**
     * As {@link #reconcile(Connection, List, List, Clock)}, leaving alone the declared views in
     * {@code held} (waiting to be tried again after a failure): they keep the error given.
     */
    public static List<MaterializedViewStatus> reconcile(Connection c, List<MaterializedViewSpec> specs,
            List<MaterializedViewStatus> previous, Map<String, String> held, Clock clock) throws SQLException {
        List<MaterializedViewSpec> declared = orEmpty(specs);
        Map<String, MaterializedViewStatus> before = byName(previous);
        List<ViewAction> actions = MaterializedViewPlanner.plan(declared, ViewCatalog.read(c), before, clock.instant())
                .stream().filter(a -> a instanceof ViewAction.DropUndeclared || !held.containsKey(a.view())).toList();
        Map<String, ViewOutcome> outcomes = new LinkedHashMap<>(new MaterializedViewExecutor(c, clock).run(actions));
        held.forEach((view, error) -> outcomes.put(view, ViewOutcome.failed(error)));
        return ViewStatuses.merge(declared, before, outcomes);
    }

    /** The SQL {@link #reconcile} would run now, in order; it only reads the catalog. */
    public static List<String> plan(Connection c, List<MaterializedViewSpec> specs, List<MaterializedViewStatus> previous,
            Clock clock) throws SQLException {
        List<ViewAction> actions = MaterializedViewPlanner.plan(orEmpty(specs), ViewCatalog.read(c), byName(previous),
                clock.instant());
        return ViewSql.script(actions);
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static Map<String, MaterializedViewStatus> byName(List<MaterializedViewStatus> statuses) {
        Map<String, MaterializedViewStatus> byName = new LinkedHashMap<>();
        for (MaterializedViewStatus s : orEmpty(statuses)) {
            if (s != null && s.name != null) {
                byName.put(s.name, s);
            }
        }
        return byName;
    }
}
