package io.workflowdb.operator.schema.view;

import java.util.List;
import java.util.Set;

import io.workflowdb.operator.api.v1alpha1.MaterializedViewSpec;
import io.workflowdb.operator.api.v1alpha1.SchemaStatus.MaterializedViewStatus;

/** Specs, observed views and statuses for the tests of this package. */
final class ViewFixtures {

    static final String DAILY_QUERY = """
            SELECT date_trunc('day', created_at) AS date, project_id, COUNT(*) AS tasks_created
            FROM tasks GROUP BY date_trunc('day', created_at), project_id""";

    private ViewFixtures() {
    }

    static MaterializedViewSpec spec(String name, String query, List<String> uniqueKey, String schedule, Boolean concurrently) {
        MaterializedViewSpec spec = new MaterializedViewSpec();
        spec.name = name;
        spec.query = query;
        spec.uniqueKey = uniqueKey;
        if (schedule != null || concurrently != null) {
            spec.refresh = new MaterializedViewSpec.Refresh();
            spec.refresh.schedule = schedule;
            spec.refresh.concurrently = concurrently;
        }
        return spec;
    }

    /** The seed's daily metrics view, refreshed daily at 01:00 UTC. */
    static MaterializedViewSpec daily() {
        return spec("daily_task_metrics", DAILY_QUERY, List.of("date", "project_id"), "0 1 * * *", null);
    }

    static String markerOf(MaterializedViewSpec spec) {
        return ViewMarker.of(new ViewDefinition(spec.query, spec.uniqueKey).hash());
    }

    /** A populated view in {@code public} built by the operator from {@code spec}, with its unique index. */
    static ObservedView managed(MaterializedViewSpec spec) {
        ViewNames names = ViewNames.of(spec.name, "public");
        return new ObservedView(names.schema(), names.view(), markerOf(spec), true, Set.of(names.uniqueIndex()));
    }

    static MaterializedViewStatus status(String name, String lastRefreshTime, Long lastRefreshMillis) {
        MaterializedViewStatus s = new MaterializedViewStatus();
        s.name = name;
        s.lastRefreshTime = lastRefreshTime;
        s.lastRefreshMillis = lastRefreshMillis;
        return s;
    }
}
