package io.workflowdb.operator.health;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.workflowdb.operator.api.v1alpha1.HealthStatus.Level;

/**
 * Health as Prometheus gauges on {@code /q/metrics}, refreshed on every sample:
 * <ul>
 * <li>{@code workflowdb_health_value{namespace, database, check, subject}}: each check's figure
 * (NaN when there is none);</li>
 * <li>{@code workflowdb_health_status{namespace, database, check, subject}}: its level, 0 OK, 1
 * WARNING, 2 CRITICAL, -1 UNAVAILABLE;</li>
 * <li>{@code workflowdb_health_overall{namespace, database}}: the worst level;</li>
 * <li>{@code workflowdb_health_sample_seconds{namespace, database}}: the database time of the
 * last sample;</li>
 * <li>{@code workflowdb_health_sampled_timestamp_seconds{namespace, database}}: when the last
 * sample succeeded (failed samples leave it, so its age tells that sampling fails).</li>
 * </ul>
 * {@code subject} names the replica of a replication check and is empty otherwise, so every
 * series of a name has the same labels, as Prometheus wants.
 */
@ApplicationScoped
public class HealthMetrics {

    static final String VALUE = "workflowdb.health.value";
    static final String STATUS = "workflowdb.health.status";
    static final String OVERALL = "workflowdb.health.overall";
    static final String SAMPLE_SECONDS = "workflowdb.health.sample.seconds";
    static final String SAMPLED_AT = "workflowdb.health.sampled.timestamp.seconds";

    @Inject
    MeterRegistry registry;

    /** The gauges' current values by meter identity; the gauges read them (and need them held strongly). */
    private final Map<Tags, AtomicReference<Double>> values = new ConcurrentHashMap<>();

    public void record(String namespace, String database, HealthReport report) {
        Tags owner = Tags.of("namespace", namespace, "database", database);
        for (HealthCheck check : report.checks()) {
            Tags tags = owner.and("check", check.name(), "subject", check.subject());
            set(VALUE, tags, check.value() == null ? Double.NaN : check.value());
            set(STATUS, tags, (double) code(check.level()));
        }
        set(OVERALL, owner, (double) code(report.overall()));
        set(SAMPLE_SECONDS, owner, report.databaseTime().toNanos() / 1e9);
        set(SAMPLED_AT, owner, report.takenAt().toEpochMilli() / 1e3);
    }

    /** Removes every gauge of a database that is gone or no longer sampled. */
    public void remove(String namespace, String database) {
        registry.getMeters().stream()
                .filter(m -> m.getId().getName().startsWith("workflowdb.health."))
                .filter(m -> namespace.equals(m.getId().getTag("namespace")) && database.equals(m.getId().getTag("database")))
                .forEach(m -> {
                    registry.remove(m);
                    values.remove(Tags.of(m.getId().getTags()).and("meter", m.getId().getName()));
                });
    }

    private void set(String name, Tags tags, double value) {
        values.computeIfAbsent(tags.and("meter", name), key -> {
            AtomicReference<Double> holder = new AtomicReference<>(value);
            Gauge.builder(name, holder, AtomicReference::get).tags(tags).register(registry);
            return holder;
        }).set(value);
    }

    static int code(Level level) {
        return switch (level) {
            case OK -> 0;
            case WARNING -> 1;
            case CRITICAL -> 2;
            case UNAVAILABLE -> -1;
        };
    }
}
