package io.workflowdb.operator.cluster.dependent;

import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.workflowdb.operator.cluster.model.ClusterNames;
import io.workflowdb.operator.cluster.model.DesiredCluster;

/** Grants Patroni's Role to its ServiceAccount. */
@KubernetesDependent(informer = @Informer(labelSelector = ClusterNames.MANAGED_SELECTOR))
public class RoleBindingDependentResource extends ClusterDependentResource<RoleBinding> {

    public RoleBindingDependentResource() {
        super(RoleBinding.class, DesiredCluster::roleBinding, ClusterNames::patroni);
    }
}
