package io.workflowdb.operator.cluster.dependent;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.workflowdb.operator.cluster.model.ClusterNames;
import io.workflowdb.operator.cluster.model.DesiredCluster;

/** patroni.yml, mounted into every member. */
@KubernetesDependent(informer = @Informer(labelSelector = ClusterNames.MANAGED_SELECTOR))
public class PatroniConfigMapDependentResource extends ClusterDependentResource<ConfigMap> {

    public PatroniConfigMapDependentResource() {
        super(ConfigMap.class, DesiredCluster::patroniConfig, ClusterNames::patroni);
    }
}
