package io.workflowdb.operator.cluster;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.workflowdb.operator.api.v1alpha1.PatroniSpec;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.cluster.model.ClusterNames;
import io.workflowdb.operator.cluster.observe.PatroniObservation;

/**
 * Keeps the {@code role} label of the member pods in step with Patroni's view when the DCS is etcd.
 * With the Kubernetes DCS Patroni labels its pods itself; with etcd it never touches Kubernetes, so
 * without this the {@code <name>-primary} and {@code <name>-replicas} Services would select nobody.
 * The label follows a failover at the next observation.
 */
@ApplicationScoped
public class MemberRoleLabels {

    @Inject
    KubernetesClient client;

    @Inject
    ClusterSettings settings;

    void apply(WorkflowDatabase db, PatroniObservation observed) {
        PatroniSpec patroni = db.getSpec().patroni;
        if (patroni == null || patroni.dcs != PatroniSpec.Dcs.ETCD || !observed.reachable()) {
            return;
        }
        for (PatroniObservation.Member member : observed.members()) {
            String role = member.isLeader() && member.isRunning() ? settings.leaderLabelValue() : ClusterNames.REPLICA_ROLE;
            var pod = client.pods().inNamespace(ClusterNames.namespace(db)).withName(member.name());
            Pod current = pod.get();
            Map<String, String> labels = current == null || current.getMetadata().getLabels() == null ? Map.of()
                    : current.getMetadata().getLabels();
            // only this cluster's own member pods, never a pod that merely has a member's name
            boolean ours = ClusterNames.name(db).equals(labels.get(ClusterNames.LABEL_INSTANCE));
            if (ours && !role.equals(labels.get(ClusterNames.ROLE_LABEL))) {
                pod.edit(p -> new PodBuilder(p).editMetadata().addToLabels(ClusterNames.ROLE_LABEL, role).endMetadata()
                        .build());
            }
        }
    }
}
