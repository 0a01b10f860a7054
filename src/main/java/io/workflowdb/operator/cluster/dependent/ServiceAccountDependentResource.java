package io.workflowdb.operator.cluster.dependent;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.workflowdb.operator.cluster.model.ClusterNames;
import io.workflowdb.operator.cluster.model.DesiredCluster;

/** The ServiceAccount Patroni's pods run as. */
@KubernetesDependent(informer = @Informer(labelSelector = ClusterNames.MANAGED_SELECTOR))
public class ServiceAccountDependentResource extends ClusterDependentResource<ServiceAccount> {

    public ServiceAccountDependentResource() {
        super(ServiceAccount.class, DesiredCluster::serviceAccount, ClusterNames::patroni);
    }
}
