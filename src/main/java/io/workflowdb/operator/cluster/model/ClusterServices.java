package io.workflowdb.operator.cluster.model;

import java.util.LinkedHashMap;
import java.util.Map;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.cluster.ClusterSettings;
import io.workflowdb.operator.cluster.patroni.PatroniLayout;

/**
 * How clients reach the members: {@code <name>-primary} follows the leader through the role label
 * Patroni maintains, {@code <name>-replicas} the rest, and the headless {@code <name>} gives each
 * member a stable DNS name (also before it is ready, so members find each other while bootstrapping).
 */
final class ClusterServices {

    private ClusterServices() {
    }

    static Service primary(WorkflowDatabase db, ClusterSettings settings, PatroniLayout layout) {
        return byRole(db, ClusterNames.primaryService(db), settings.leaderLabelValue(), layout);
    }

    static Service replicas(WorkflowDatabase db, PatroniLayout layout) {
        return byRole(db, ClusterNames.replicasService(db), ClusterNames.REPLICA_ROLE, layout);
    }

    static Service headless(WorkflowDatabase db, PatroniLayout layout) {
        return new ServiceBuilder().withNewMetadata().withName(ClusterNames.cluster(db))
                .withNamespace(ClusterNames.namespace(db))
                .withLabels(ClusterNames.labels(db, ClusterNames.COMPONENT_DATABASE)).endMetadata()
                .withNewSpec().withClusterIP("None").withPublishNotReadyAddresses(true)
                .withSelector(ClusterNames.selector(db, ClusterNames.COMPONENT_DATABASE))
                .withPorts(port("postgresql", layout.postgresPort(), layout.postgresPort()),
                        port("patroni", layout.restApiPort(), layout.restApiPort()))
                .endSpec().build();
    }

    /** At most one member down at a time through voluntary disruptions (drains, upgrades). */
    static PodDisruptionBudget disruptionBudget(WorkflowDatabase db) {
        return new PodDisruptionBudgetBuilder().withNewMetadata().withName(ClusterNames.cluster(db))
                .withNamespace(ClusterNames.namespace(db))
                .withLabels(ClusterNames.labels(db, ClusterNames.COMPONENT_DATABASE)).endMetadata()
                .withNewSpec().withMaxUnavailable(new IntOrString(1)).withNewSelector()
                .withMatchLabels(ClusterNames.selector(db, ClusterNames.COMPONENT_DATABASE)).endSelector()
                .endSpec().build();
    }

    private static Service byRole(WorkflowDatabase db, String name, String role, PatroniLayout layout) {
        Map<String, String> selector = new LinkedHashMap<>(ClusterNames.selector(db, ClusterNames.COMPONENT_DATABASE));
        selector.put(ClusterNames.ROLE_LABEL, role);
        return new ServiceBuilder().withNewMetadata().withName(name).withNamespace(ClusterNames.namespace(db))
                .withLabels(ClusterNames.labels(db, ClusterNames.COMPONENT_DATABASE)).endMetadata()
                .withNewSpec().withType("ClusterIP").withSelector(selector)
                .withPorts(port("postgresql", layout.postgresPort(), layout.postgresPort())).endSpec().build();
    }

    static ServicePort port(String name, int port, int targetPort) {
        return new ServicePortBuilder().withName(name).withPort(port).withProtocol("TCP")
                .withTargetPort(new IntOrString(targetPort)).build();
    }
}
