package io.workflowdb.operator.deploy;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.Unremovable;

/**
 * The operator SDK's reconcile metrics per controller, not per resource. The SDK's default tags every
 * meter with the resource's name and namespace: with 500 WorkflowDatabases and policies that is some
 * 37,000 series (a histogram per resource) for Prometheus to store and about 10 MiB of heap in the
 * operator, while the per-resource story is already told by status, Events and the
 * {@code workflowdb_*} gauges. Replaces the extension's default Metrics bean, which it looks up by type
 * (hence unremovable).
 */
@ApplicationScoped
public class ReconcileMetricsProducer {

    @Produces
    @Singleton
    @Unremovable
    Metrics reconcileMetrics(MeterRegistry registry) {
        return MicrometerMetrics.withoutPerResourceMetrics(registry);
    }
}
