package io.workflowdb.operator.cluster.dependent;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.workflowdb.operator.cluster.model.ClusterNames;
import io.workflowdb.operator.cluster.model.DesiredCluster;

/** The Patroni members. */
@KubernetesDependent(informer = @Informer(labelSelector = ClusterNames.MANAGED_SELECTOR))
public class StatefulSetDependentResource extends ClusterDependentResource<StatefulSet> {

    public StatefulSetDependentResource() {
        super(StatefulSet.class, DesiredCluster::statefulSet, ClusterNames::cluster);
    }
}
