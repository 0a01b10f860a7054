package io.workflowdb.operator.cluster.dependent;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.workflowdb.operator.cluster.model.ClusterNames;
import io.workflowdb.operator.cluster.model.DesiredCluster;

/** PgBouncer's userlist with the auth user; only while the pooler is enabled. */
@KubernetesDependent(informer = @Informer(labelSelector = ClusterNames.MANAGED_SELECTOR))
public class PoolerAuthSecretDependentResource extends ClusterDependentResource<Secret> {

    public PoolerAuthSecretDependentResource() {
        super(Secret.class, DesiredCluster::poolerAuth, ClusterNames::poolerAuthSecret);
    }
}
