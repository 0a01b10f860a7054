package io.workflowdb.operator.cluster.dependent;

import io.fabric8.kubernetes.api.model.rbac.Role;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.workflowdb.operator.cluster.model.ClusterNames;
import io.workflowdb.operator.cluster.model.DesiredCluster;

/** What Patroni may do in its namespace for the Kubernetes DCS. */
@KubernetesDependent(informer = @Informer(labelSelector = ClusterNames.MANAGED_SELECTOR))
public class RoleDependentResource extends ClusterDependentResource<Role> {

    public RoleDependentResource() {
        super(Role.class, DesiredCluster::role, ClusterNames::patroni);
    }
}
