package io.workflowdb.operator.schema.view;

import java.util.List;
import java.util.Optional;

/**
 * Every materialized view of the database, read at one moment.
 *
 * @param defaultSchema where an unqualified declared name lives ({@code current_schema()})
 */
record ViewSnapshot(String defaultSchema, List<ObservedView> views) {

    ViewSnapshot {
        views = List.copyOf(views);
    }

    Optional<ObservedView> find(String schema, String name) {
        return views.stream().filter(v -> v.schema().equals(schema) && v.name().equals(name)).findFirst();
    }
}
