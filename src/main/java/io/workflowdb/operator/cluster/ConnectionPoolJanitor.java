package io.workflowdb.operator.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.scheduler.Scheduled;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.sql.DatabasePools;

/** Closes the connection pools of WorkflowDatabases that no longer exist. */
@ApplicationScoped
public class ConnectionPoolJanitor {

    @Inject
    DatabasePools pools;

    @Inject
    KubernetesClient client;

    @Scheduled(every = "${workflowdb.pools.sweep-interval:60s}", delayed = "${workflowdb.pools.sweep-interval:60s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void closeOrphanedPools() {
        for (String key : pools.keys()) {
            String[] namespaceAndName = key.split("/", 2);
            WorkflowDatabase database = client.resources(WorkflowDatabase.class).inNamespace(namespaceAndName[0])
                    .withName(namespaceAndName[1]).get();
            if (database == null) {
                pools.close(key);
            }
        }
    }
}
