package io.workflowdb.operator.cluster.dependent;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.workflowdb.operator.cluster.model.ClusterNames;
import io.workflowdb.operator.cluster.model.DesiredCluster;

/** The application's connection Secret. */
@KubernetesDependent(informer = @Informer(labelSelector = ClusterNames.MANAGED_SELECTOR))
public class AppSecretDependentResource extends ClusterDependentResource<Secret> {

    public AppSecretDependentResource() {
        super(Secret.class, DesiredCluster::appSecret, ClusterNames::appSecret);
    }
}
