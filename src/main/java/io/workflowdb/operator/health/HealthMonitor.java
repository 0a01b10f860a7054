package io.workflowdb.operator.health;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.quarkus.scheduler.Scheduled;
import io.workflowdb.operator.api.v1alpha1.ConditionTypes;
import io.workflowdb.operator.api.v1alpha1.HealthStatus;
import io.workflowdb.operator.api.v1alpha1.HealthStatus.Level;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabaseReason;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabaseStatus;
import io.workflowdb.operator.config.OperatorConfig;
import io.workflowdb.operator.connection.DatabaseDataSources;
import io.workflowdb.operator.schedule.Durations;
import io.workflowdb.operator.status.ConditionStatus;
import io.workflowdb.operator.status.ResourceEvents;
import io.workflowdb.operator.status.StatusAggregator;

/**
 * Samples the health of every Ready WorkflowDatabase on its {@code monitoring.healthCheckInterval}
 * (default 30 s), from a scheduler tick rather than from reconciles: gauges get every sample,
 * Events every transition, and status only what {@link HealthTransitions#shouldPublish} lets
 * through. Status stays the reconciler's to write: the monitor keeps the report to publish and
 * wakes the database's reconciler through {@link #wakeups}, which copies it into status.
 */
@ApplicationScoped
public class HealthMonitor {

    private static final Logger LOG = Logger.getLogger(HealthMonitor.class);
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);

    @Inject
    DatabaseDataSources databases;

    @Inject
    ResourceEvents events;

    @Inject
    HealthMetrics metrics;

    @Inject
    Clock clock;

    Duration statusRefresh;

    /** Threads sampling at once, shared by every database. */
    int workers = 4;

    /**
     * How long one database's sample may wait on its server once connected; a server that stops
     * answering fails its own sample and holds one worker no longer than this.
     */
    Duration sampleDeadline = Duration.ofSeconds(20);

    @Inject
    void configure(OperatorConfig config) {
        statusRefresh = config.health().statusRefresh();
        workers = config.health().workers();
        sampleDeadline = config.health().sampleDeadline();
    }

    private SamplerPool sampler;

    /** Registered with the WorkflowDatabase reconciler: an event here reconciles that database. */
    private final SimpleInboundEventSource<WorkflowDatabase> wakeups = new SimpleInboundEventSource<>("health");

    private final Map<String, Tracked> tracked = new ConcurrentHashMap<>();

    /** What the monitor knows of one database. */
    private static final class Tracked {
        volatile WorkflowDatabase database;
        volatile Instant nextSample = Instant.MIN;
        boolean objectsInstalled;
        boolean objectsWarned;
        Map<String, Level> lastLevels = Map.of();
        Map<String, Level> publishedLevels;
        Instant publishedAt;
        volatile Published published;
    }

    /** What status shows until the next write: the health and the words naming its problems. */
    private record Published(HealthStatus health, String problems) {
    }

    public SimpleInboundEventSource<WorkflowDatabase> wakeups() {
        return wakeups;
    }

    /** Samples this database from now on, with its current spec; called by its reconciler while it is Ready. */
    public void track(WorkflowDatabase database) {
        tracked.computeIfAbsent(key(database), k -> new Tracked()).database = database;
    }

    /** Stops sampling a database that is gone or not Ready, and drops its gauges. */
    public void untrack(String namespace, String name) {
        if (tracked.remove(namespace + "/" + name) != null) {
            metrics.remove(namespace, name);
        }
    }

    /** The databases sampled now, as {@code namespace/name}. */
    public Set<String> trackedKeys() {
        return Set.copyOf(tracked.keySet());
    }

    /**
     * Writes the published health into status with the Healthy condition: True when every check
     * is OK, False naming the checks that are WARNING or CRITICAL. Nothing before the first sample.
     */
    public void publishTo(WorkflowDatabase database, WorkflowDatabaseStatus status,
            StatusAggregator conditions) {
        publication(database).ifPresent(published -> {
            HealthStatus health = published.health();
            status.health = health;
            switch (health.status) {
                case CRITICAL -> conditions.set(ConditionTypes.HEALTHY, ConditionStatus.False, WorkflowDatabaseReason.ChecksCritical,
                        published.problems());
                case WARNING -> conditions.set(ConditionTypes.HEALTHY, ConditionStatus.False, WorkflowDatabaseReason.ChecksWarning,
                        published.problems());
                default -> conditions.set(ConditionTypes.HEALTHY, ConditionStatus.True,
                        WorkflowDatabaseReason.ChecksPassed, "every check is OK as of " + health.checkedAt);
            }
        });
    }

    /**
     * Says that a database that is not Ready is not sampled, once it had a health: the Healthy
     * condition becomes Unknown, so that a CRITICAL or an OK from before does not stand for now.
     * status.health keeps the last sample, dated by its checkedAt.
     */
    public void notSampled(WorkflowDatabaseStatus status, StatusAggregator conditions) {
        if (StatusAggregator.find(status, ConditionTypes.HEALTHY) != null) {
            conditions.set(ConditionTypes.HEALTHY, ConditionStatus.Unknown, WorkflowDatabaseReason.NotSampled,
                    "not sampled while the database is not Ready" + (status.health == null || status.health.checkedAt == null
                            ? "" : "; last sample at " + status.health.checkedAt));
        }
    }

    private Optional<Published> publication(WorkflowDatabase database) {
        Tracked t = tracked.get(key(database));
        return t == null ? Optional.empty() : Optional.ofNullable(t.published);
    }

    /**
     * Hands each database that is due to the sampling threads and returns: a database whose server
     * does not answer delays neither the tick nor the other databases.
     */
    @Scheduled(every = "${workflowdb.health.tick}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sampleDue() {
        Instant now = clock.instant();
        tracked.forEach((key, t) -> {
            if (!now.isBefore(t.nextSample) && sampler().submit(key, () -> sample(t, clock.instant()))) {
                t.nextSample = now.plus(interval(t.database));
            }
        });
    }

    private synchronized SamplerPool sampler() {
        if (sampler == null) {
            sampler = new SamplerPool(Math.max(1, workers));
        }
        return sampler;
    }

    @PreDestroy
    synchronized void stopSampling() {
        if (sampler != null) {
            sampler.close();
            sampler = null;
        }
    }

    private void sample(Tracked t, Instant now) {
        WorkflowDatabase database = t.database;
        HealthThresholds thresholds = HealthThresholds.of(database.getSpec().monitoring);
        HealthReport report;
        try (Connection c = databases.dataSource(database).getConnection()) {
            int before = c.getNetworkTimeout();
            c.setNetworkTimeout(Runnable::run, (int) sampleDeadline.toMillis());
            try {
                ensureObjects(t, c);
                report = HealthEvaluator.evaluate(HealthProbe.sample(c, thresholds, clock), thresholds);
            } finally {
                c.setNetworkTimeout(Runnable::run, before);
            }
        } catch (SQLException e) {
            LOG.debugf("health sample of %s failed: %s", key(database), e.getMessage());
            return;
        } catch (RuntimeException e) {
            LOG.warnf(e, "health sample of %s failed", key(database));
            return;
        }
        String namespace = database.getMetadata().getNamespace();
        String name = database.getMetadata().getName();
        metrics.record(namespace, name, report);
        announce(database, t.lastLevels, report);
        t.lastLevels = HealthTransitions.levels(report);
        if (HealthTransitions.shouldPublish(t.publishedLevels, t.publishedAt, report, now, statusRefresh)) {
            t.published = new Published(report.toStatus(report.takenAt().truncatedTo(ChronoUnit.SECONDS).toString()),
                    report.problems());
            t.publishedLevels = t.lastLevels;
            t.publishedAt = now;
            wakeups.propagateEvent(new ResourceID(name, namespace));
        }
    }

    /**
     * Installs the DBA's health objects once per database the monitor tracks (again after an
     * operator restart, when {@link HealthObjects#installed} finds them missing or outdated).
     * A failure is logged and retried on the next sample; it never stops the sample itself.
     */
    private void ensureObjects(Tracked t, Connection c) {
        if (t.objectsInstalled) {
            return;
        }
        try {
            if (!HealthObjects.installed(c)) {
                HealthObjects.install(c);
            }
            t.objectsInstalled = true;
        } catch (SQLException e) {
            if (t.objectsWarned) {
                LOG.debugf("health objects of %s still not installed: %s", key(t.database), e.getMessage());
                return;
            }
            t.objectsWarned = true;
            LOG.warnf("cannot install the health objects in schema %s of %s: %s", HealthObjects.SCHEMA,
                    key(t.database), e.getMessage());
        }
    }

    /** A Warning Event for checks that got worse, else a Normal one for checks that recovered. */
    private void announce(WorkflowDatabase database, Map<String, Level> before, HealthReport report) {
        List<HealthCheck> worse = HealthTransitions.degraded(before, report);
        if (!worse.isEmpty()) {
            events.warning(database, "HealthDegraded", HealthTransitions.describe(worse));
            return;
        }
        List<HealthCheck> better = HealthTransitions.recovered(before, report);
        if (!better.isEmpty()) {
            events.normal(database, "HealthRecovered", HealthTransitions.describe(better));
        }
    }

    static Duration interval(WorkflowDatabase database) {
        var monitoring = database.getSpec().monitoring;
        return monitoring == null || monitoring.healthCheckInterval == null ? DEFAULT_INTERVAL
                : Durations.parse(monitoring.healthCheckInterval);
    }

    private static String key(WorkflowDatabase database) {
        return database.getMetadata().getNamespace() + "/" + database.getMetadata().getName();
    }
}
