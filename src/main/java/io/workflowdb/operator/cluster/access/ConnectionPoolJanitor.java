package io.workflowdb.operator.cluster.access;

import java.util.HashSet;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.quarkus.scheduler.Scheduled;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.health.HealthMonitor;
import io.workflowdb.operator.schema.SchemaMetrics;
import io.workflowdb.operator.sql.DatabasePools;

/**
 * Closes the connection pools, and ends the health sampling and schema gauges, of WorkflowDatabases
 * that no longer exist. Whether one exists is asked of the reconciler's informer cache, never of the
 * API server.
 */
@ApplicationScoped
public class ConnectionPoolJanitor {

    @Inject
    DatabasePools pools;

    @Inject
    HealthMonitor health;

    @Inject
    SchemaMetrics schemaMetrics;

    @Inject
    CertificateStore certificates;

    /** The WorkflowDatabases the reconciler's informer holds; null until the reconciler is registered. */
    private volatile IndexedResourceCache<WorkflowDatabase> databases;

    /** Called once the reconciler is registered, with the cache of its primary resources. */
    public void watch(IndexedResourceCache<WorkflowDatabase> databases) {
        this.databases = databases;
    }

    @Scheduled(every = "${workflowdb.pools.sweep-interval}", delayed = "${workflowdb.pools.sweep-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void closeOrphanedPools() {
        IndexedResourceCache<WorkflowDatabase> existing = databases;
        if (existing == null) {
            // no reconciler yet, so nothing was opened for any database
            return;
        }
        Set<String> keys = new HashSet<>(pools.keys());
        keys.addAll(certificates.keys());
        keys.addAll(health.trackedKeys());
        for (String key : keys) {
            String[] namespaceAndName = key.split("/", 2);
            if (!existing.contains(new ResourceID(namespaceAndName[1], namespaceAndName[0]))) {
                health.untrack(namespaceAndName[0], namespaceAndName[1]);
                schemaMetrics.remove(namespaceAndName[0], namespaceAndName[1]);
                pools.close(key);
                certificates.forget(key);
            }
        }
    }
}
