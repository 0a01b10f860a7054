package io.workflowdb.operator.schema;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.workflowdb.operator.api.v1alpha1.SchemaStatus.SchemaFailure;

/**
 * {@code workflowdb_schema_failing{namespace, database, kind, object}}: 1 for each migration, index
 * or materialized view that failed its last attempt, absent for the others. The alert
 * WorkflowDbSchemaFailing fires on it.
 */
@ApplicationScoped
public class SchemaMetrics {

    static final String FAILING = "workflowdb.schema.failing";

    @Inject
    MeterRegistry registry;

    /** The gauges of each database, by their tags; held so that the gauges keep their value. */
    private final Map<String, Map<Tags, Meter>> gauges = new ConcurrentHashMap<>();

    /** Makes the gauges of one database match its failing objects. */
    public void record(String namespace, String database, List<SchemaFailure> failures) {
        Tags owner = Tags.of("namespace", namespace, "database", database);
        Set<Tags> wanted = failures.stream().map(f -> owner.and("kind", f.kind, "object", f.name))
                .collect(Collectors.toSet());
        Map<Tags, Meter> current = gauges.computeIfAbsent(namespace + "/" + database, k -> new ConcurrentHashMap<>());
        current.entrySet().removeIf(e -> {
            if (wanted.contains(e.getKey())) {
                return false;
            }
            registry.remove(e.getValue());
            return true;
        });
        for (Tags tags : wanted) {
            current.computeIfAbsent(tags, t -> Gauge.builder(FAILING, () -> 1).tags(t).register(registry));
        }
    }

    /** Drops every gauge of a database that is gone. */
    public void remove(String namespace, String database) {
        Map<Tags, Meter> current = gauges.remove(namespace + "/" + database);
        if (current != null) {
            current.values().forEach(registry::remove);
        }
    }
}
