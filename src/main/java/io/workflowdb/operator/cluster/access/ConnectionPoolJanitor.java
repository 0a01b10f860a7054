package io.workflowdb.operator.cluster.access;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.scheduler.Scheduled;
import io.workflowdb.operator.health.HealthMonitor;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.schema.SchemaMetrics;
import io.workflowdb.operator.sql.DatabasePools;

/** Closes the connection pools, and ends the health sampling and schema gauges, of WorkflowDatabases that no longer exist. */
@ApplicationScoped
public class ConnectionPoolJanitor {

    @Inject
    DatabasePools pools;

    @Inject
    KubernetesClient client;

    @Inject
    HealthMonitor health;

    @Inject
    SchemaMetrics schemaMetrics;

    @Inject
    CertificateStore certificates;

    @Scheduled(every = "${workflowdb.pools.sweep-interval:60s}", delayed = "${workflowdb.pools.sweep-interval:60s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void closeOrphanedPools() {
        java.util.Set<String> keys = new java.util.HashSet<>(pools.keys());
        keys.addAll(certificates.keys());
        keys.addAll(health.trackedKeys());
        for (String key : keys) {
            String[] namespaceAndName = key.split("/", 2);
            WorkflowDatabase database = client.resources(WorkflowDatabase.class).inNamespace(namespaceAndName[0])
                    .withName(namespaceAndName[1]).get();
            if (database == null) {
                health.untrack(namespaceAndName[0], namespaceAndName[1]);
                schemaMetrics.remove(namespaceAndName[0], namespaceAndName[1]);
                pools.close(key);
                certificates.forget(key);
            }
        }
    }
}
