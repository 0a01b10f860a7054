package io.workflowdb.operator.cluster.dependent;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.workflowdb.operator.cluster.model.ClusterNames;
import io.workflowdb.operator.cluster.model.DesiredCluster;

/** pgbouncer.ini; only while the pooler is enabled. */
@KubernetesDependent(informer = @Informer(labelSelector = ClusterNames.MANAGED_SELECTOR))
public class PoolerConfigMapDependentResource extends ClusterDependentResource<ConfigMap> {

    public PoolerConfigMapDependentResource() {
        super(ConfigMap.class, DesiredCluster::poolerConfig, ClusterNames::pooler);
    }
}
