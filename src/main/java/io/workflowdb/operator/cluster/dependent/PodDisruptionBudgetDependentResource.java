package io.workflowdb.operator.cluster.dependent;

import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.workflowdb.operator.cluster.model.ClusterNames;
import io.workflowdb.operator.cluster.model.DesiredCluster;

/** Keeps voluntary disruptions to one member at a time. */
@KubernetesDependent(informer = @Informer(labelSelector = ClusterNames.MANAGED_SELECTOR))
public class PodDisruptionBudgetDependentResource extends ClusterDependentResource<PodDisruptionBudget> {

    public PodDisruptionBudgetDependentResource() {
        super(PodDisruptionBudget.class, DesiredCluster::disruptionBudget, ClusterNames::cluster);
    }
}
