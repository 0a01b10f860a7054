package io.workflowdb.operator.cluster.model;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.workflowdb.operator.api.v1alpha1.ResourcesSpec;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.cluster.WorkflowDatabaseRules;
import io.workflowdb.operator.cluster.access.Credentials;
import io.workflowdb.operator.cluster.access.CredentialsStore;
import io.workflowdb.operator.validation.ResourceValidator;
import io.workflowdb.operator.validation.Violation;

import static io.workflowdb.operator.cluster.model.ModelFixtures.desired;
import static io.workflowdb.operator.cluster.model.ModelFixtures.example;
import static io.workflowdb.operator.cluster.model.ModelFixtures.withEtcd;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rendered pods pass the "restricted" Pod Security Standard, Patroni's Role reaches only its own
 * objects, the members sit behind a NetworkPolicy, and names that would make invalid or colliding
 * objects are refused. Admission itself cannot run here: these assert on the rendered objects.
 */
class RenderedSecurityTest {

    private static final ResourceValidator VALIDATOR = new ResourceValidator();

    @Test
    void everyContainerIsRestrictedWithAReadOnlyRootAndRuntimeDefaultSeccomp() throws Exception {
        DesiredCluster desired = desired(example());
        for (PodSpec pod : List.of(desired.statefulSet().getSpec().getTemplate().getSpec(),
                desired.pooler().getSpec().getTemplate().getSpec())) {
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
            assertThat(pod.getHostNetwork()).isNotEqualTo(Boolean.TRUE);
            for (Container c : pod.getContainers()) {
                var sc = c.getSecurityContext();
                assertThat(sc.getAllowPrivilegeEscalation()).as(c.getName()).isFalse();
                assertThat(sc.getPrivileged()).as(c.getName()).isFalse();
                assertThat(sc.getRunAsNonRoot()).as(c.getName()).isTrue();
                assertThat(sc.getReadOnlyRootFilesystem()).as(c.getName()).isTrue();
                assertThat(sc.getCapabilities().getDrop()).as(c.getName()).containsExactly("ALL");
                assertThat(sc.getCapabilities().getAdd()).as(c.getName()).isNullOrEmpty();
                assertThat(sc.getSeccompProfile().getType()).as(c.getName()).isEqualTo("RuntimeDefault");
                assertThat(c.getVolumeMounts()).extracting(VolumeMount::getMountPath).as(c.getName()).contains("/tmp");
            }
            assertThat(pod.getVolumes()).filteredOn(v -> v.getName().equals("tmp"))
                    .singleElement().satisfies(v -> assertThat(v.getEmptyDir()).isNotNull());
        }
    }

    @Test
    void patroniWritesOnlyToItsVolumesAndEmptyDirs() throws Exception {
        PodSpec pod = desired(example()).statefulSet().getSpec().getTemplate().getSpec();
        Map<String, String> volumeOf = new java.util.HashMap<>();
        pod.getContainers().get(0).getVolumeMounts().forEach(m -> volumeOf.put(m.getMountPath(), m.getName()));
        assertThat(volumeOf).containsEntry("/var/run/postgresql", "run").containsEntry("/tmp", "tmp")
                .containsEntry("/home/postgres/pgdata/pgroot", PatroniStatefulSet.DATA_VOLUME);
        assertThat(pod.getVolumes()).filteredOn(v -> v.getName().equals("run")).singleElement()
                .satisfies(v -> assertThat(v.getEmptyDir()).isNotNull());
    }

    @Test
    void resourcesDefaultWhenTheSpecNamesNoneAndFollowTheSpecOtherwise() throws Exception {
        WorkflowDatabase db = example();
        db.getSpec().resources = null;
        DesiredCluster desired = desired(db);
        var patroni = desired.statefulSet().getSpec().getTemplate().getSpec().getContainers().get(0).getResources();
        assertThat(patroni.getRequests()).containsKeys("cpu", "memory");
        assertThat(patroni.getLimits()).containsEntry("memory", new Quantity("1Gi")).containsKey("cpu");
        var pooler = desired.pooler().getSpec().getTemplate().getSpec().getContainers().get(0).getResources();
        assertThat(pooler.getRequests()).containsKeys("cpu", "memory");
        assertThat(pooler.getLimits()).containsKeys("cpu", "memory");

        db.getSpec().resources = new ResourcesSpec();
        db.getSpec().resources.requests = Map.of("memory", new Quantity("4Gi"));
        var own = desired(db).statefulSet().getSpec().getTemplate().getSpec().getContainers().get(0).getResources();
        assertThat(own.getRequests()).isEqualTo(Map.of("memory", new Quantity("4Gi")));
        assertThat(own.getLimits()).as("no default limit below the user's request").isNullOrEmpty();
    }

    @Test
    void patroniReadsAndWritesOnlyItsOwnConfigMapsAndMembers() throws Exception {
        WorkflowDatabase db = example();
        db.getSpec().instances = 3;
        List<PolicyRule> rules = desired(db).role().getRules();
        String name = db.getMetadata().getName();
        assertThat(grants(rules)).containsExactlyInAnyOrder(
                "configmaps create,list,watch *",
                "configmaps get,patch,update,delete " + name + "-config," + name + "-leader," + name + "-failover,"
                        + name + "-sync",
                "pods list,watch *",
                "pods get,patch " + name + "-0," + name + "-1," + name + "-2");
        assertThat(rules).allSatisfy(r -> assertThat(r.getApiGroups()).containsExactly(""));
        assertThat(grants(rules)).noneMatch(g -> g.startsWith("endpoints") || g.startsWith("services")
                || g.contains("deletecollection") || g.contains("*,"));
    }

    @Test
    void withEtcdPatroniGetsNoKubernetesRights() throws Exception {
        WorkflowDatabase db = withEtcd(example());
        assertThat(desired(db).role().getRules()).isEmpty();
    }

    @Test
    void theMembersAdmitTheirNamespaceAndTheOperatorToPostgresAndOnlyMembersAndTheOperatorToPatroni()
            throws Exception {
        WorkflowDatabase db = example();
        DesiredCluster desired = desired(db);
        NetworkPolicy policy = desired.networkPolicy();
        assertThat(desired.objects()).contains(policy);
        assertThat(policy.getMetadata().getNamespace()).isEqualTo(db.getMetadata().getNamespace());
        assertThat(policy.getSpec().getPodSelector().getMatchLabels())
                .isEqualTo(desired.statefulSet().getSpec().getSelector().getMatchLabels());
        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
        Map<Integer, NetworkPolicyIngressRule> byPort = new java.util.HashMap<>();
        policy.getSpec().getIngress().forEach(r -> r.getPorts().forEach(p -> byPort.put(p.getPort().getIntVal(), r)));
        assertThat(byPort).containsOnlyKeys(5432, 8008);

        var postgres = byPort.get(5432).getFrom();
        assertThat(postgres).anySatisfy(p -> {
            assertThat(p.getNamespaceSelector()).isNull();
            assertThat(p.getPodSelector().getMatchLabels()).as("every pod of the namespace").isNullOrEmpty();
        });
        assertThat(postgres).filteredOn(p -> p.getNamespaceSelector() != null).singleElement()
                .satisfies(p -> assertThat(p.getNamespaceSelector().getMatchLabels())
                        .containsExactly(Map.entry("kubernetes.io/metadata.name", "workflowdb-system")));

        var patroni = byPort.get(8008).getFrom();
        assertThat(patroni).hasSize(2);
        assertThat(patroni).filteredOn(p -> p.getNamespaceSelector() == null).singleElement()
                .satisfies(p -> assertThat(p.getPodSelector().getMatchLabels())
                        .isEqualTo(desired.statefulSet().getSpec().getSelector().getMatchLabels()));
        assertThat(patroni).filteredOn(p -> p.getNamespaceSelector() != null).singleElement()
                .satisfies(p -> assertThat(p.getNamespaceSelector().getMatchLabels())
                        .containsExactly(Map.entry("kubernetes.io/metadata.name", "workflowdb-system")));
    }

    @Test
    void namesThatWouldMakeInvalidOrCollidingObjectsAreRefused() throws Exception {
        assertThat(nameViolations("workflow-db")).isEmpty();
        assertThat(nameViolations("a".repeat(52))).isEmpty();
        assertThat(nameViolations("a".repeat(53))).as("a CEL rule at the CRD's root").singleElement().asString()
                .contains("at most 52");
        assertThat(nameViolations("orders." + "x".repeat(83))).isNotEmpty();
        assertThat(nameViolations("orders.db")).singleElement().asString().contains("lowercase letters");
        assertThat(nameViolations("Orders-db")).isNotEmpty();
        assertThat(nameViolations("orders-db-")).isNotEmpty();
        assertThat(nameViolations("9db")).isNotEmpty();
        assertThat(nameViolations("x-pooler")).singleElement().asString().contains("\"x\" names its pooler Service");
        assertThat(nameViolations("x-primary")).isNotEmpty();
        assertThat(nameViolations("x-replicas")).isNotEmpty();
    }

    @Test
    void aCredentialsSecretIsAdoptedOnlyWhenLabelledAsTheOperatorsForThisDatabase() throws Exception {
        WorkflowDatabase db = example();
        db.getMetadata().setUid("0b8f3c1e-5d7a-4a8e-9f00-000000000001");
        var made = CredentialsStore.secret(db, Credentials.completing(Map.of()));
        assertThat(CredentialsStore.madeForThis(made, db)).isTrue();
        var foreign = new SecretBuilder().withMetadata(new ObjectMetaBuilder()
                .withName(ClusterNames.credentialsSecret(db)).build()).build();
        assertThat(CredentialsStore.madeForThis(foreign, db)).isFalse();
        var otherDatabase = new SecretBuilder(made).editMetadata()
                .addToLabels(ClusterNames.LABEL_INSTANCE, "another-db").endMetadata().build();
        assertThat(CredentialsStore.madeForThis(otherDatabase, db)).isFalse();
    }

    private static List<String> nameViolations(String name) throws Exception {
        WorkflowDatabase db = example();
        db.getMetadata().setName(name);
        return VALIDATOR.validate(db, WorkflowDatabaseRules::check).stream().filter(v -> v.toString().contains("metadata.name"))
                .map(Violation::toString).toList();
    }

    /** "resource verbs names" of each rule, {@code *} for every name. */
    private static List<String> grants(List<PolicyRule> rules) {
        return rules.stream().map(r -> String.join(",", r.getResources()) + " " + String.join(",", r.getVerbs()) + " "
                + (r.getResourceNames() == null || r.getResourceNames().isEmpty() ? "*"
                        : String.join(",", r.getResourceNames())))
                .toList();
    }
}
