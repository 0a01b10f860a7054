package io.workflowdb.operator.schema.view;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.workflowdb.operator.api.v1alpha1.MaterializedViewSpec;
import io.workflowdb.operator.api.v1alpha1.SchemaStatus.MaterializedViewStatus;

/** Builds the new status list: one entry per declared view, in spec order. */
final class ViewStatuses {

    private ViewStatuses() {
    }

    /**
     * A view keeps its previous refresh time and duration unless it was refreshed now; its error is
     * the one of this run, so a view that needed nothing is reported healthy.
     */
    static List<MaterializedViewStatus> merge(List<MaterializedViewSpec> specs, Map<String, MaterializedViewStatus> previous,
            Map<String, ViewOutcome> outcomes) {
        Set<String> names = new LinkedHashSet<>();
        specs.stream().filter(s -> s.name != null).forEach(s -> names.add(s.name));
        List<MaterializedViewStatus> statuses = new ArrayList<>();
        for (String name : names) {
            MaterializedViewStatus status = new MaterializedViewStatus();
            status.name = name;
            MaterializedViewStatus before = previous.get(name);
            if (before != null) {
                status.lastRefreshTime = before.lastRefreshTime;
                status.lastRefreshMillis = before.lastRefreshMillis;
            }
            ViewOutcome outcome = outcomes.get(name);
            if (outcome != null && outcome.isFailure()) {
                status.error = outcome.error();
            } else if (outcome != null) {
                status.lastRefreshTime = DateTimeFormatter.ISO_INSTANT.format(outcome.refreshedAt());
                status.lastRefreshMillis = outcome.refreshMillis();
            }
            statuses.add(status);
        }
        return statuses;
    }
}
