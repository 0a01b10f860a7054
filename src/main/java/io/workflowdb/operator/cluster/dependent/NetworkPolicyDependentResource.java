package io.workflowdb.operator.cluster.dependent;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.workflowdb.operator.cluster.model.ClusterNames;
import io.workflowdb.operator.cluster.model.DesiredCluster;

/** Who may reach the Patroni members' PostgreSQL and REST API ports. */
@KubernetesDependent(informer = @Informer(labelSelector = ClusterNames.MANAGED_SELECTOR))
public class NetworkPolicyDependentResource extends ClusterDependentResource<NetworkPolicy> {

    public NetworkPolicyDependentResource() {
        super(NetworkPolicy.class, DesiredCluster::networkPolicy, ClusterNames::cluster);
    }
}
