package io.workflowdb.operator.cluster.dependent;

import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.workflowdb.operator.cluster.model.ClusterNames;
import io.workflowdb.operator.cluster.model.DesiredCluster;

/** Stable DNS names of the members. */
@KubernetesDependent(informer = @Informer(labelSelector = ClusterNames.MANAGED_SELECTOR))
public class HeadlessServiceDependentResource extends ClusterDependentResource<Service> {

    public HeadlessServiceDependentResource() {
        super(Service.class, DesiredCluster::headlessService, ClusterNames::cluster);
    }
}
