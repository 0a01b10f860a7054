package io.workflowdb.operator.cluster.dependent;

import java.util.function.Function;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.cluster.model.DesiredCluster;

/**
 * A Kubernetes object of a managed cluster whose desired state is one part of the reconcile's
 * {@link DesiredCluster}. Owner references (and so garbage collection) come from JOSDK.
 */
abstract class ClusterDependentResource<R extends HasMetadata> extends CRUDKubernetesDependentResource<R, WorkflowDatabase> {

    private final Function<DesiredCluster, R> part;
    private final Function<WorkflowDatabase, String> name;

    /**
     * @param name the object's name, known without rendering: JOSDK finds (and, for a disabled
     *        pooler, deletes) the object by it even when there is nothing to render
     */
    ClusterDependentResource(Class<R> type, Function<DesiredCluster, R> part, Function<WorkflowDatabase, String> name) {
        super(type);
        this.part = part;
        this.name = name;
    }

    @Override
    protected ResourceID targetSecondaryResourceID(WorkflowDatabase primary, Context<WorkflowDatabase> context) {
        return new ResourceID(name.apply(primary), primary.getMetadata().getNamespace());
    }

    @Override
    protected R desired(WorkflowDatabase primary, Context<WorkflowDatabase> context) {
        DesiredCluster desired = context.managedWorkflowAndDependentResourceContext()
                .getMandatory(DesiredCluster.CONTEXT_KEY, DesiredCluster.class);
        return part.apply(desired);
    }
}
