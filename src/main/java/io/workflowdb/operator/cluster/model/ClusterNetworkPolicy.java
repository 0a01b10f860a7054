package io.workflowdb.operator.cluster.model;

import java.util.Map;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.cluster.ClusterSettings;
import io.workflowdb.operator.cluster.patroni.PatroniLayout;

/**
 * Who may reach the Patroni members. PostgreSQL's port: the other members (replication), the
 * pooler, every pod of the database's own namespace (applications use the direct URI of the app
 * Secret) and the operator's namespace (set-up, health). Patroni's REST API: the other members and
 * the operator only. Applications in other namespaces are admitted by a NetworkPolicy of the
 * user's own, since policies add up. The pooler gets no policy: applications reach it from
 * wherever they run, the operator reaches its admin console through it.
 */
final class ClusterNetworkPolicy {

    /** Set by Kubernetes (1.21+) on every namespace. */
    static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

    private ClusterNetworkPolicy() {
    }

    static NetworkPolicy build(WorkflowDatabase db, ClusterSettings settings, PatroniLayout layout) {
        NetworkPolicyPeer members = new NetworkPolicyPeerBuilder()
                .withPodSelector(selector(ClusterNames.selector(db, ClusterNames.COMPONENT_DATABASE))).build();
        NetworkPolicyPeer sameNamespace = new NetworkPolicyPeerBuilder().withPodSelector(new LabelSelector()).build();
        NetworkPolicyPeer operator = new NetworkPolicyPeerBuilder()
                .withNamespaceSelector(selector(Map.of(NAMESPACE_NAME_LABEL, settings.operatorNamespace()))).build();
        NetworkPolicyIngressRule postgres = new NetworkPolicyIngressRuleBuilder()
                .withPorts(port(layout.postgresPort())).withFrom(sameNamespace, operator).build();
        NetworkPolicyIngressRule restApi = new NetworkPolicyIngressRuleBuilder()
                .withPorts(port(layout.restApiPort())).withFrom(members, operator).build();
        return new NetworkPolicyBuilder().withNewMetadata().withName(ClusterNames.cluster(db))
                .withNamespace(ClusterNames.namespace(db))
                .withLabels(ClusterNames.labels(db, ClusterNames.COMPONENT_DATABASE)).endMetadata()
                .withNewSpec().withPodSelector(selector(ClusterNames.selector(db, ClusterNames.COMPONENT_DATABASE)))
                .withPolicyTypes("Ingress").withIngress(postgres, restApi).endSpec().build();
    }

    private static LabelSelector selector(Map<String, String> labels) {
        return new LabelSelectorBuilder().withMatchLabels(labels).build();
    }

    private static NetworkPolicyPort port(int port) {
        return new NetworkPolicyPortBuilder().withProtocol("TCP").withPort(new IntOrString(port)).build();
    }
}
