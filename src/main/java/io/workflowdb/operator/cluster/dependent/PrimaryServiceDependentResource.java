package io.workflowdb.operator.cluster.dependent;

import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.workflowdb.operator.cluster.model.ClusterNames;
import io.workflowdb.operator.cluster.model.DesiredCluster;

/** The Service that follows the leader. */
@KubernetesDependent(informer = @Informer(labelSelector = ClusterNames.MANAGED_SELECTOR))
public class PrimaryServiceDependentResource extends ClusterDependentResource<Service> {

    public PrimaryServiceDependentResource() {
        super(Service.class, DesiredCluster::primaryService, ClusterNames::primaryService);
    }
}
