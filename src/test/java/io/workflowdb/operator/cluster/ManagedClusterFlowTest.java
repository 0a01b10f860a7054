package io.workflowdb.operator.cluster;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.quarkus.test.junit.QuarkusTest;
import io.workflowdb.operator.api.v1alpha1.Condition;
import io.workflowdb.operator.api.v1alpha1.EtcdSpec;
import io.workflowdb.operator.api.v1alpha1.PatroniSpec;
import io.workflowdb.operator.api.v1alpha1.PgBouncerSpec;
import io.workflowdb.operator.api.v1alpha1.PostgresqlSpec;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabaseSpec;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabaseStatus;
import io.workflowdb.operator.cluster.model.ClusterNames;
import io.workflowdb.operator.status.StatusAggregator;
import io.workflowdb.operator.testing.FlowTestBase;
import io.workflowdb.operator.testing.PatroniStandIn;
import io.workflowdb.operator.testing.PatroniStandInResource;
import io.workflowdb.operator.testing.SpecEdits;
import io.workflowdb.operator.testing.TestPostgres;
import io.workflowdb.operator.testing.Timeouts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A managed WorkflowDatabase against the Kubernetes mock server (CRUD mode), with a local stand-in
 * for Patroni's REST API.
 */
@QuarkusTest
class ManagedClusterFlowTest extends FlowTestBase {

    static final String NS = "managed";
    static final Duration WAIT = Timeouts.RECONCILE;

    final PatroniStandIn patroni = PatroniStandInResource.standIn();

    ManagedClusterFlowTest() {
        super(NS, null, WAIT);
    }

    @BeforeEach
    void healthyCluster() {
        patroni.members(List.of(PatroniStandIn.member("m-0", "leader", "running", null, false),
                PatroniStandIn.member("m-1", "replica", "streaming", 0, false),
                PatroniStandIn.member("m-2", "replica", "streaming", 2048, false)));
    }

    @Test
    void everyObjectExistsWithOwnerReferenceAndLabels() {
        WorkflowDatabase db = client.resource(managed("objects-db")).inNamespace(NS).create();
        await().atMost(WAIT).until(() -> get(Service.class, "objects-db-pooler") != null);

        List<HasMetadata> objects = List.of(get(ServiceAccount.class, "objects-db-patroni"),
                get(Role.class, "objects-db-patroni"), get(RoleBinding.class, "objects-db-patroni"),
                get(ConfigMap.class, "objects-db-patroni"), get(StatefulSet.class, "objects-db"),
                get(Service.class, "objects-db"), get(Service.class, "objects-db-primary"),
                get(Service.class, "objects-db-replicas"), get(PodDisruptionBudget.class, "objects-db"),
                get(ConfigMap.class, "objects-db-pooler"), get(Secret.class, "objects-db-pooler-auth"),
                get(Deployment.class, "objects-db-pooler"), get(Service.class, "objects-db-pooler"),
                get(Secret.class, "objects-db-app"));
        String uid = get(WorkflowDatabase.class, "objects-db").getMetadata().getUid();
        for (HasMetadata object : objects) {
            assertThat(object).as("all objects exist").isNotNull();
            assertThat(object.getMetadata().getOwnerReferences()).as(object.getKind() + " owner")
                    .extracting(OwnerReference::getUid).containsExactly(uid);
            assertThat(object.getMetadata().getLabels()).as(object.getKind() + " labels")
                    .containsEntry("app.kubernetes.io/name", "workflowdb")
                    .containsEntry("app.kubernetes.io/instance", "objects-db")
                    .containsEntry("app.kubernetes.io/managed-by", "workflowdb-operator")
                    .containsKey("app.kubernetes.io/component");
        }
        assertThat(get(Secret.class, "objects-db-credentials").getMetadata().getOwnerReferences())
                .extracting(OwnerReference::getUid).containsExactly(uid);
        assertThat(get(Service.class, "objects-db-primary").getSpec().getSelector()).containsEntry("role", "primary");
        assertThat(get(ConfigMap.class, "objects-db-patroni").getData().get("patroni.yml"))
                .contains("scope: \"objects-db\"").doesNotContain(secretValue("objects-db-credentials", "superuser-password"));
        assertThat(db.getMetadata().getUid()).isEqualTo(uid);
    }

    @Test
    void statusReportsMembersFromPatroniAndBecomesReadyWithThePooler() throws Exception {
        WorkflowDatabase db = managed("status-db");
        db.getSpec().owner = "status_owner";
        client.resource(db).inNamespace(NS).create();
        Condition creating = awaitCondition("status-db", "PoolerReady", c -> "False".equals(c.status));
        assertThat(creating.reason).isEqualTo("PoolerNotReady");
        WorkflowDatabaseStatus status = get(WorkflowDatabase.class, "status-db").getStatus();
        assertThat(status.primary).isEqualTo("m-0");
        assertThat(status.members).extracting(m -> m.name + ":" + m.role + ":" + m.lagBytes)
                .containsExactly("m-0:leader:null", "m-1:replica:0", "m-2:replica:2048");
        assertThat(status.readyInstances).isEqualTo(3);
        assertThat(status.phase).isEqualTo(WorkflowDatabaseStatus.Phase.Creating);
        assertThat(status.connectionSecret).isEqualTo("status-db-app");

        client.resources(Deployment.class).inNamespace(NS).withName("status-db-pooler")
                .editStatus(d -> {
                    d.setStatus(new DeploymentStatusBuilder().withReplicas(2).withReadyReplicas(2).build());
                    return d;
                });
        Condition ready = awaitCondition("status-db", "Ready", c -> "True".equals(c.status));
        assertThat(ready.reason).isEqualTo("Running");
        assertThat(get(WorkflowDatabase.class, "status-db").getStatus().phase).isEqualTo(WorkflowDatabaseStatus.Phase.Running);

        // the set-up on "the primary" created the owner with the password of the connection Secret
        PGSimpleDataSource owner = new PGSimpleDataSource();
        // the default pooler image (PgBouncer 1.24) looks passwords up in the postgres database (auth_dbname)
        owner.setURL("jdbc:postgresql://localhost:" + TestPostgres.port() + "/postgres");
        owner.setUser(secretValue("status-db-app", "user"));
        owner.setPassword(secretValue("status-db-app", "password"));
        try (Connection c = owner.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT current_user, has_function_privilege('pooler_auth', p.oid,"
                        + " 'EXECUTE'), has_function_privilege(current_user, p.oid, 'EXECUTE')"
                        + " FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace"
                        + " WHERE n.nspname = 'pgbouncer' AND p.proname = 'get_auth'")) {
            assertThat(rs.next()).as("the pooler's lookup function is installed in the postgres database").isTrue();
            assertThat(rs.getString(1)).isEqualTo("status_owner");
            assertThat(rs.getBoolean(2)).as("the auth user may call it").isTrue();
            assertThat(rs.getBoolean(3)).as("nobody else may").isFalse();
        }
    }

    @Test
    void aSecondReconcileKeepsTheGeneratedPasswords() {
        client.resource(managed("keep-db")).inNamespace(NS).create();
        await().atMost(WAIT).until(() -> get(Secret.class, "keep-db-app") != null);
        Map<String, String> before = get(Secret.class, "keep-db-credentials").getData();
        String appBefore = get(Secret.class, "keep-db-app").getData().get("password");
        assertThat(before).containsKeys("superuser-password", "replication-password", "rewind-password",
                "restapi-password", "owner-password", "pooler-password");

        SpecEdits.edit(client, WorkflowDatabase.class, NS, "keep-db", db -> db.getSpec().pgbouncer.maxClientConn = 200);
        awaitObservedGeneration("keep-db", 2);

        assertThat(get(Secret.class, "keep-db-credentials").getData()).isEqualTo(before);
        assertThat(get(Secret.class, "keep-db-app").getData().get("password")).isEqualTo(appBefore);
    }

    @Test
    void poolSizeChangeRewritesThePoolerConfigAndRollsItsPods() {
        client.resource(managed("pool-db")).inNamespace(NS).create();
        await().atMost(WAIT).until(() -> get(Deployment.class, "pool-db-pooler") != null);
        String checksum = poolerChecksum("pool-db");
        assertThat(get(ConfigMap.class, "pool-db-pooler").getData().get("pgbouncer.ini")).contains("default_pool_size = 20");

        SpecEdits.edit(client, WorkflowDatabase.class, NS, "pool-db", db -> db.getSpec().pgbouncer.defaultPoolSize = 35);

        await().atMost(WAIT).untilAsserted(() -> assertThat(get(ConfigMap.class, "pool-db-pooler").getData()
                .get("pgbouncer.ini")).contains("default_pool_size = 35"));
        await().atMost(WAIT).until(() -> !checksum.equals(poolerChecksum("pool-db")));
    }

    @Test
    void dynamicParameterChangeIsPatchedThroughPatroniWithoutRollingTheMembers() {
        // the leader's name goes into the PATCH URL only when it is one of this cluster's pods
        patroni.members(List.of(PatroniStandIn.member("dyn-db-0", "leader", "running", null, false),
                PatroniStandIn.member("dyn-db-1", "replica", "streaming", 0, false)));
        client.resource(managed("dyn-db")).inNamespace(NS).create();
        await().atMost(WAIT).until(() -> get(StatefulSet.class, "dyn-db") != null);
        awaitObservedGeneration("dyn-db", 1);
        String checksum = memberChecksum("dyn-db");
        int patchesBefore = patroni.patches().size();

        SpecEdits.edit(client, WorkflowDatabase.class, NS, "dyn-db",
                db -> db.getSpec().postgresql.parameters = Map.of("work_mem", "64MB"));

        await().atMost(WAIT).until(() -> patroni.patches().stream().skip(patchesBefore)
                .anyMatch(p -> p.body().toString().contains("work_mem=64MB")));
        PatroniStandIn.Patch patch = patroni.patches().stream().skip(patchesBefore)
                .filter(p -> p.body().toString().contains("work_mem=64MB")).findFirst().orElseThrow();
        assertThat(patch.authorization()).startsWith("Basic ");
        assertThat(memberChecksum("dyn-db")).as("dynamic settings do not roll the pods").isEqualTo(checksum);
        assertThat(get(ConfigMap.class, "dyn-db-patroni").getData().get("patroni.yml")).contains("work_mem: \"64MB\"");
    }

    @Test
    void turningThePoolerOffDeletesItsObjectsAndPointsTheAppSecretAtThePrimary() {
        client.resource(managed("nopool-db")).inNamespace(NS).create();
        await().atMost(WAIT).until(() -> get(Deployment.class, "nopool-db-pooler") != null);

        SpecEdits.edit(client, WorkflowDatabase.class, NS, "nopool-db", db -> db.getSpec().pgbouncer.enabled = false);

        await().atMost(WAIT).until(() -> get(Deployment.class, "nopool-db-pooler") == null
                && get(Service.class, "nopool-db-pooler") == null && get(ConfigMap.class, "nopool-db-pooler") == null
                && get(Secret.class, "nopool-db-pooler-auth") == null);
        Condition pooler = awaitCondition("nopool-db", "PoolerReady", c -> "PoolerDisabled".equals(c.reason));
        assertThat(pooler.status).isEqualTo("True");
        assertThat(secretValue("nopool-db-app", "host")).isEqualTo("nopool-db-primary.managed.svc");
        assertThat(get(StatefulSet.class, "nopool-db")).as("the cluster itself stays").isNotNull();
    }

    @Test
    void withEtcdTheOperatorLabelsTheLeaderPodForThePrimaryService() {
        for (String member : List.of("m-0", "m-1", "m-2")) {
            client.resource(new PodBuilder().withNewMetadata().withName(member).withNamespace(NS)
                    .addToLabels("app.kubernetes.io/instance", "etcd-db").addToLabels("role", "replica").endMetadata()
                    .withNewSpec().addNewContainer().withName("postgres").withImage("patroni").endContainer().endSpec()
                    .build()).inNamespace(NS).create();
        }
        WorkflowDatabase db = managed("etcd-db");
        db.getSpec().patroni = new PatroniSpec();
        db.getSpec().patroni.dcs = PatroniSpec.Dcs.ETCD;
        db.getSpec().patroni.etcd = new EtcdSpec();
        db.getSpec().patroni.etcd.hosts = List.of("etcd-0.etcd:2379");
        client.resource(db).inNamespace(NS).create();

        await().atMost(WAIT).until(() -> "primary".equals(get(Pod.class, "m-0").getMetadata().getLabels().get("role")));
        assertThat(get(Pod.class, "m-1").getMetadata().getLabels()).containsEntry("role", "replica");
        assertThat(get(Service.class, "etcd-db-primary").getSpec().getSelector()).containsEntry("role", "primary")
                .containsEntry("app.kubernetes.io/instance", "etcd-db");
        assertThat(get(ConfigMap.class, "etcd-db-patroni").getData().get("patroni.yml")).contains("etcd3:")
                .doesNotContain("kubernetes:");
    }

    @Test
    void injectionAttemptsAndOwnedKeysAreRefusedAndNothingIsRendered() {
        WorkflowDatabase db = managed("bad-db");
        db.getSpec().pgbouncer.parameters = Map.of("server_check_query", "SELECT 1\n[databases]");
        db.getSpec().postgresql.parameters = Map.of("port", "6543");
        client.resource(db).inNamespace(NS).create();

        Condition invalid = awaitCondition("bad-db", "Ready", c -> "InvalidSpec".equals(c.reason));
        assertThat(invalid.message).contains("spec.pgbouncer.parameters.server_check_query")
                .contains("spec.postgresql.parameters.port");
        assertThat(get(ConfigMap.class, "bad-db-patroni")).isNull();
        assertThat(get(ConfigMap.class, "bad-db-pooler")).isNull();
        assertThat(get(StatefulSet.class, "bad-db")).isNull();
        assertThat(get(Secret.class, "bad-db-credentials")).isNull();
    }

    @Test
    void aCredentialsSecretTheOperatorDidNotMakeIsRefusedAndNothingIsCreated() {
        client.resource(new io.fabric8.kubernetes.api.model.SecretBuilder().withNewMetadata()
                .withName("planted-db-credentials").withNamespace(NS).endMetadata()
                .withStringData(Map.of("superuser-password", "chosen-by-someone-else")).build()).create();
        client.resource(managed("planted-db")).inNamespace(NS).create();

        Condition refused = awaitCondition("planted-db", "Ready", c -> "CredentialsConflict".equals(c.reason));
        assertThat(refused.status).isEqualTo("False");
        assertThat(refused.message).contains("planted-db-credentials")
                .contains("app.kubernetes.io/managed-by=workflowdb-operator").doesNotContain("chosen-by-someone-else");
        assertThat(get(StatefulSet.class, "planted-db")).isNull();
        assertThat(get(ConfigMap.class, "planted-db-patroni")).isNull();
        assertThat(get(Secret.class, "planted-db-app")).isNull();
    }

    static WorkflowDatabase managed(String name) {
        WorkflowDatabase db = new WorkflowDatabase();
        db.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
        db.setSpec(new WorkflowDatabaseSpec());
        db.getSpec().instances = 3;
        db.getSpec().postgresql = new PostgresqlSpec();
        db.getSpec().postgresql.parameters = Map.of("work_mem", "4MB");
        db.getSpec().pgbouncer = new PgBouncerSpec();
        db.getSpec().pgbouncer.instances = 2;
        return db;
    }

    private String poolerChecksum(String name) {
        return get(Deployment.class, name + "-pooler").getSpec().getTemplate().getMetadata().getAnnotations()
                .get(ClusterNames.CONFIG_CHECKSUM_ANNOTATION);
    }

    private String memberChecksum(String name) {
        return get(StatefulSet.class, name).getSpec().getTemplate().getMetadata().getAnnotations()
                .get(ClusterNames.CONFIG_CHECKSUM_ANNOTATION);
    }

    private String secretValue(String secret, String key) {
        return new String(java.util.Base64.getDecoder().decode(get(Secret.class, secret).getData().get(key)));
    }

    private void awaitObservedGeneration(String name, long generation) {
        await().atMost(WAIT).until(() -> {
            WorkflowDatabase db = get(WorkflowDatabase.class, name);
            return db.getStatus() != null && db.getStatus().observedGeneration != null
                    && db.getStatus().observedGeneration >= generation;
        });
    }

    private Condition awaitCondition(String name, String type, java.util.function.Predicate<Condition> test) {
        return await().atMost(WAIT).until(() -> {
            WorkflowDatabase db = get(WorkflowDatabase.class, name);
            return db == null ? null : StatusAggregator.find(db.getStatus(), type);
        }, c -> c != null && test.test(c));
    }

    private <T extends HasMetadata> T get(Class<T> type, String name) {
        return client.resources(type).inNamespace(NS).withName(name).get();
    }
}
