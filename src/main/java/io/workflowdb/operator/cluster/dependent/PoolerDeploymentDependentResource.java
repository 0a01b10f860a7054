package io.workflowdb.operator.cluster.dependent;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.workflowdb.operator.cluster.model.ClusterNames;
import io.workflowdb.operator.cluster.model.DesiredCluster;

/** The PgBouncer pods; only while the pooler is enabled. */
@KubernetesDependent(informer = @Informer(labelSelector = ClusterNames.MANAGED_SELECTOR))
public class PoolerDeploymentDependentResource extends ClusterDependentResource<Deployment> {

    public PoolerDeploymentDependentResource() {
        super(Deployment.class, DesiredCluster::pooler, ClusterNames::pooler);
    }
}
