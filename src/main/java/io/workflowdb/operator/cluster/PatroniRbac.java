package io.workflowdb.operator.cluster;

import java.util.List;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;

/**
 * The identity Patroni's pods run under and the namespaced rights its Kubernetes DCS needs: leader
 * and config ConfigMaps, its own pods' role labels, and the Endpoints/Services it may keep.
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
                .withRules(rules()).build();
    }

    static RoleBinding roleBinding(WorkflowDatabase db) {
        return new RoleBindingBuilder().withNewMetadata().withName(ClusterNames.patroni(db))
                .withNamespace(ClusterNames.namespace(db))
                .withLabels(ClusterNames.labels(db, ClusterNames.COMPONENT_DATABASE)).endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "Role", ClusterNames.patroni(db))
                .addNewSubject().withKind("ServiceAccount").withName(ClusterNames.patroni(db))
                .withNamespace(ClusterNames.namespace(db)).endSubject().build();
    }

    private static List<PolicyRule> rules() {
        return List.of(
                rule("configmaps", "create", "get", "list", "patch", "update", "watch", "delete", "deletecollection"),
                rule("endpoints", "create", "get", "list", "patch", "update", "watch", "delete", "deletecollection"),
                rule("pods", "get", "list", "patch", "update", "watch"),
                rule("services", "create"));
    }

    private static PolicyRule rule(String resource, String... verbs) {
        return new PolicyRuleBuilder().withApiGroups("").withResources(resource).withVerbs(verbs).build();
    }
}
