package io.workflowdb.operator.cluster.dependent;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.cluster.model.ClusterDefaults;

/** Pooler objects exist only while spec.pgbouncer.enabled is not false; turning it off deletes them. */
public class PoolerEnabled implements Condition<HasMetadata, WorkflowDatabase> {

    @Override
    public boolean isMet(DependentResource<HasMetadata, WorkflowDatabase> dependentResource, WorkflowDatabase primary,
            Context<WorkflowDatabase> context) {
        return ClusterDefaults.poolerEnabled(primary.getSpec());
    }
}
