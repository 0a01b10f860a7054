package io.workflowdb.operator.cluster.model;

import java.util.List;
import java.util.stream.IntStream;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.workflowdb.operator.api.v1alpha1.PatroniSpec;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;

/**
 * The identity Patroni's pods run under and the namespaced rights its Kubernetes DCS needs, and no
 * more. The DCS runs with {@code use_endpoints: false}, so it keeps its state in the ConfigMaps
 * {@code <scope>-config}, {@code -leader}, {@code -failover} and {@code -sync} and its member data in
 * annotations and the role label of its own pods; it touches no Endpoints or Services. Reads and
 * writes by name are limited to those objects; list, watch and create cannot be limited by name in
 * Kubernetes and stay namespace-wide. With the etcd DCS Patroni needs no Kubernetes rights at all.
 */
final class PatroniRbac {

    private PatroniRbac() {
    }

    static ServiceAccount serviceAccount(WorkflowDatabase db) {
        return new ServiceAccountBuilder().withNewMetadata().withName(ClusterNames.patroni(db))
                .withNamespace(ClusterNames.namespace(db))
                .withLabels(ClusterNames.labels(db, ClusterNames.COMPONENT_DATABASE)).endMetadata().build();
    }

    static Role role(WorkflowDatabase db) {
        return new RoleBuilder().withNewMetadata().withName(ClusterNames.patroni(db))
                .withNamespace(ClusterNames.namespace(db))
                .withLabels(ClusterNames.labels(db, ClusterNames.COMPONENT_DATABASE)).endMetadata()
                .withRules(rules(db)).build();
    }

    static RoleBinding roleBinding(WorkflowDatabase db) {
        return new RoleBindingBuilder().withNewMetadata().withName(ClusterNames.patroni(db))
                .withNamespace(ClusterNames.namespace(db))
                .withLabels(ClusterNames.labels(db, ClusterNames.COMPONENT_DATABASE)).endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "Role", ClusterNames.patroni(db))
                .addNewSubject().withKind("ServiceAccount").withName(ClusterNames.patroni(db))
                .withNamespace(ClusterNames.namespace(db)).endSubject().build();
    }

    static List<PolicyRule> rules(WorkflowDatabase db) {
        PatroniSpec patroni = db.getSpec().patroni;
        if (patroni != null && patroni.dcs == PatroniSpec.Dcs.ETCD) {
            return List.of();
        }
        return List.of(
                rule("configmaps", List.of(), "create", "list", "watch"),
                rule("configmaps", dcsConfigMaps(db), "get", "patch", "update", "delete"),
                rule("pods", List.of(), "list", "watch"),
                rule("pods", members(db), "get", "patch"));
    }

    /** The ConfigMaps Patroni's Kubernetes DCS keeps for its scope. */
    static List<String> dcsConfigMaps(WorkflowDatabase db) {
        String scope = ClusterNames.cluster(db);
        return List.of(scope + "-config", scope + "-leader", scope + "-failover", scope + "-sync");
    }

    /** The member pods, {@code <name>-0} to {@code <name>-(instances-1)}. */
    static List<String> members(WorkflowDatabase db) {
        return IntStream.range(0, ClusterDefaults.instances(db.getSpec())).mapToObj(i -> ClusterNames.member(db, i))
                .toList();
    }

    private static PolicyRule rule(String resource, List<String> names, String... verbs) {
        return new PolicyRuleBuilder().withApiGroups("").withResources(resource).withResourceNames(names.isEmpty() ? null : names)
                .withVerbs(verbs).build();
    }
}
