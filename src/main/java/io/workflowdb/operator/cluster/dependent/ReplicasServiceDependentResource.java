package io.workflowdb.operator.cluster.dependent;

import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.workflowdb.operator.cluster.model.ClusterNames;
import io.workflowdb.operator.cluster.model.DesiredCluster;

/** The Service over the replicas. */
@KubernetesDependent(informer = @Informer(labelSelector = ClusterNames.MANAGED_SELECTOR))
public class ReplicasServiceDependentResource extends ClusterDependentResource<Service> {

    public ReplicasServiceDependentResource() {
        super(Service.class, DesiredCluster::replicasService, ClusterNames::replicasService);
    }
}
