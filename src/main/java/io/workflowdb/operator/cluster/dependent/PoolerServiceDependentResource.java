package io.workflowdb.operator.cluster.dependent;

import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.workflowdb.operator.cluster.model.ClusterNames;
import io.workflowdb.operator.cluster.model.DesiredCluster;

/** The pooler's Service; only while the pooler is enabled. */
@KubernetesDependent(informer = @Informer(labelSelector = ClusterNames.MANAGED_SELECTOR))
public class PoolerServiceDependentResource extends ClusterDependentResource<Service> {

    public PoolerServiceDependentResource() {
        super(Service.class, DesiredCluster::poolerService, ClusterNames::pooler);
    }
}
