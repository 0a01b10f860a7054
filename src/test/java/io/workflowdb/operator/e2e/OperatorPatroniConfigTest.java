package io.workflowdb.operator.e2e;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import jakarta.inject.Inject;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.workflowdb.operator.api.v1alpha1.Condition;
import io.workflowdb.operator.api.v1alpha1.ConditionTypes;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabaseStatus.Phase;
import io.workflowdb.operator.cluster.access.Credentials;
import io.workflowdb.operator.cluster.model.ClusterDefaults;
import io.workflowdb.operator.cluster.model.ClusterNames;
import io.workflowdb.operator.cluster.observe.ClusterStatusMapper;
import io.workflowdb.operator.cluster.patroni.PatroniLayout;
import io.workflowdb.operator.status.StatusAggregator;
import io.workflowdb.operator.testing.Closeables;
import io.workflowdb.operator.testing.FlowDatabases;
import io.workflowdb.operator.testing.SpecEdits;
import io.workflowdb.operator.testing.Timeouts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operator running a managed WorkflowDatabase whose pods are real Patroni members on loopback.
 * The operator (this {@code @QuarkusTest}, on the fabric8 mock API server) creates the cluster's
 * ConfigMap, credentials Secret and StatefulSet; the test plays the kubelet and starts one member
 * per pod from exactly those objects. The operator reaches the members' REST API through
 * {@code workflowdb.cluster.patroni-api-url} and the primary through a stand-in for the primary
 * Service, sets up roles and database, applies the schema, and then keeps Patroni's dynamic
 * configuration equal to the spec: a changed parameter and a changed DCS setting reach every
 * member through its {@code PATCH /config} without a restart, a restart-only parameter shows as
 * PendingRestart until the members restart, and the members it reports agree with
 * {@code patronictl list}.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(value = OperatorPatroniConfigTest.LoopbackMembers.class, restrictToAnnotatedClass = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorPatroniConfigTest {

    static final Duration AWAIT_OPERATOR = Timeouts.OPERATOR_MANAGED;
    static final Duration AWAIT_PATRONI = Timeouts.PATRONI_CONFIG;

    /** Chosen before the operator starts, because its settings name the members' addresses. */
    private static LoopbackTopology topology;

    private PatroniCluster cluster;
    private PrimaryProxy proxy;
    private WorkflowDatabase resource;

    @Inject
    KubernetesClient client;

    /**
     * Where the members will listen, as the operator's settings: each member's REST API by its
     * ordinal, and the primary Service at the stand-in's address.
     */
    public static class LoopbackMembers implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            try {
                topology = LoopbackTopology.choose(PatroniCluster.memberNames(E2eResource.example()),
                        PatroniLayout.forVersion(PatroniLayout.DEFAULT_POSTGRES_VERSION));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            // TLS back on (the flow tests' stand-ins serve none, so %test turns it off), with the
            // loopback addresses the operator reaches the members and the primary stand-in by
            return Map.of("workflowdb.cluster.patroni-api-url", topology.patroniApiUrl(),
                    "workflowdb.cluster.database-address", topology.proxyHost() + ":" + topology.proxyPort(),
                    "workflowdb.cluster.tls-default", "verify-full",
                    "workflowdb.cluster.tls-extra-names", String.join(",", ClusterTlsFiles.loopbackNames()),
                    "quarkus.log.category.\"io.fabric8.mockwebserver\".level", "WARN");
        }

        /** Last, so that these settings replace those of the test resources every test class gets. */
        @Override
        public int order() {
            return Integer.MAX_VALUE;
        }

        @Override
        public void stop() {
        }
    }

    @BeforeAll
    void startTheMembersOfTheOperatorsStatefulSet() throws Exception {
        E2eMachine machine = E2eMachine.require();
        cluster = PatroniCluster.start(machine, "operator-config", topology, etcd -> {
            WorkflowDatabase db = E2eResource.workflowDatabase(etcd, machine.postgresMajor());
            // nothing would run the pooler Deployment's pods: PgBouncer is the failover tests' part
            db.getSpec().pgbouncer.enabled = false;
            resource = client.resource(db).create();
            return objectsOf(resource);
        });
        proxy = new PrimaryProxy(topology.proxyHost(), topology.proxyPort(), topology.members());
        cluster.awaitHealthy(PooledCluster.AWAIT_HEALTHY);
    }

    /** The operator's ConfigMap, credentials Secret and StatefulSet, once it has created them. */
    private PatroniCluster.ClusterObjects objectsOf(WorkflowDatabase db) {
        String ns = ClusterNames.namespace(db);
        ConfigMap config = await("the operator creates the Patroni ConfigMap").atMost(AWAIT_OPERATOR)
                .until(() -> client.configMaps().inNamespace(ns).withName(ClusterNames.patroni(db)).get(),
                        java.util.Objects::nonNull);
        StatefulSet statefulSet = await("the operator creates the StatefulSet").atMost(AWAIT_OPERATOR)
                .until(() -> client.apps().statefulSets().inNamespace(ns).withName(ClusterNames.name(db)).get(),
                        java.util.Objects::nonNull);
        Secret secret = client.secrets().inNamespace(ns).withName(ClusterNames.credentialsSecret(db)).require();
        // the kubelet mounts the TLS Secret; the CA's key issues the tests' superuser certificate
        Secret authority = client.secrets().inNamespace(ns).withName(ClusterNames.authoritySecret(db)).require();
        Secret tls = client.secrets().inNamespace(ns).withName(ClusterNames.tlsSecret(db)).require();
        return new PatroniCluster.ClusterObjects(db, new Credentials(Credentials.decode(secret.getData())),
                config.getData().get("patroni.yml"), statefulSet, ClusterTlsFiles.fromSecrets(authority, tls));
    }

    @AfterAll
    void stopEverything() throws Exception {
        Closeables.closeAll(resource == null ? null : () -> client.resource(resource).delete(), proxy, cluster);
    }

    @Test
    @Order(1)
    void theOperatorSetsUpTheClusterItsPodsRun() throws Exception {
        long started = System.nanoTime();
        // Ready says the cluster serves; the schema reports on its own condition, and every member
        // running turns the phase from Creating to Running
        WorkflowDatabase db = awaitStatus("the WorkflowDatabase Ready, with roles, database and schema",
                d -> FlowDatabases.readyWithSchema(d) && d.getStatus().phase == Phase.Running);
        System.out.printf("[e2e] managed WorkflowDatabase Ready %.1f s after its members were healthy%n",
                (System.nanoTime() - started) / 1e9);
        ClusterView view = cluster.view().orElseThrow();
        assertThat(db.getStatus().phase).isEqualTo(Phase.Running);
        assertThat(db.getStatus().primary).isEqualTo(view.leader().orElseThrow().name());
        assertThat(db.getStatus().members).extracting(m -> m.name)
                .containsExactlyInAnyOrderElementsOf(PatroniCluster.memberNames(db));
        assertThat(condition(db, ConditionTypes.PENDING_RESTART).status).isEqualTo("False");

        String database = ClusterDefaults.database(db.getSpec());
        for (PatroniNode node : cluster.nodes()) {
            try (Connection c = cluster.superuser(node, database); Statement st = c.createStatement()) {
                assertThat(text(st, "SELECT pg_catalog.pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()"))
                        .as("owner of %s on %s", database, node.name()).isEqualTo(ClusterDefaults.owner(db.getSpec()));
                assertThat(text(st, "SELECT to_regclass('public.tasks')::text")).as("tasks on %s", node.name())
                        .isEqualTo("tasks");
            }
        }
    }

    @Test
    @Order(2)
    void aChangedParameterAndDcsSettingReachEveryMemberWithoutARestart() throws Exception {
        Map<String, String> startedAt = onEveryMember("SELECT pg_postmaster_start_time()::text");
        long changed = System.nanoTime();
        edit(db -> {
            db.getSpec().postgresql.parameters.put("work_mem", "8MB");
            db.getSpec().patroni.maximumLagOnFailover = 2_097_152L;
        });

        await("PATCH /config reached Patroni").atMost(AWAIT_OPERATOR).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    Map<?, ?> config = cluster.dynamicConfiguration();
                    return "8MB".equals(parameters(config).get("work_mem"))
                            && "2097152".equals(String.valueOf(config.get("maximum_lag_on_failover")));
                });
        double inDcs = (System.nanoTime() - changed) / 1e9;
        await("SHOW work_mem is 8MB on every member").atMost(AWAIT_PATRONI).pollInterval(Duration.ofMillis(250))
                .until(() -> onEveryMember("SHOW work_mem").values().stream().allMatch("8MB"::equals));
        System.out.printf("[e2e] work_mem and maximum_lag_on_failover changed on the WorkflowDatabase: in Patroni's"
                + " configuration after %.1f s, in effect on every member after %.1f s%n", inDcs,
                (System.nanoTime() - changed) / 1e9);

        assertThat(onEveryMember("SELECT pg_postmaster_start_time()::text")).as("no member restarted")
                .isEqualTo(startedAt);
        assertThat(onEveryMember("SELECT pending_restart::text FROM pg_settings WHERE name = 'work_mem'"))
                .allSatisfy((member, pending) -> assertThat(pending).isEqualTo("false"));
    }

    @Test
    @Order(3)
    void aRestartOnlyParameterSetsPendingRestartUntilTheMembersRestart() throws Exception {
        String before = onEveryMember("SHOW shared_buffers").values().iterator().next();
        edit(db -> db.getSpec().postgresql.parameters.put("shared_buffers", "128MB"));

        Condition pending = condition(awaitStatus("PendingRestart True on the WorkflowDatabase",
                d -> pendingRestart(d, "True")), ConditionTypes.PENDING_RESTART);
        assertThat(pending.reason).isEqualTo("RestartRequired");
        assertThat(pending.message).contains(PatroniCluster.memberNames(resource));
        assertThat(parameters(cluster.dynamicConfiguration()).get("shared_buffers")).isEqualTo("128MB");
        assertThat(onEveryMember("SHOW shared_buffers")).as("still the old value until a restart")
                .allSatisfy((member, value) -> assertThat(value).isEqualTo(before));
        assertThat(onEveryMember("SELECT pending_restart::text FROM pg_settings WHERE name = 'shared_buffers'"))
                .allSatisfy((member, value) -> assertThat(value).isEqualTo("true"));

        // what the condition's message tells the user to do
        PatroniCluster.CommandResult restart = cluster.patronictl(cluster.nodes().get(0), "restart",
                ClusterNames.cluster(resource), "--force");
        assertThat(restart.exitCode()).as("patronictl restart said:%n%s", restart.output()).isZero();
        await("shared_buffers 128MB on every member").atMost(AWAIT_PATRONI).pollInterval(Duration.ofMillis(500))
                .ignoreExceptions().until(() -> onEveryMember("SHOW shared_buffers").values().stream()
                        .allMatch("128MB"::equals));
        cluster.awaitHealthy(PooledCluster.AWAIT_HEALTHY);
        awaitStatus("PendingRestart False again", d -> pendingRestart(d, "False"));
    }

    @Test
    @Order(4)
    void theMembersInStatusAreThoseOfPatronictlList() {
        Map<String, String> agreed = MemberListing.awaitAgreement(cluster, () -> current().getStatus().members,
                AWAIT_OPERATOR);
        System.out.printf("[e2e] patronictl list and status.members agree: %s%n", agreed);
        assertThat(agreed).hasSize(3).containsKeys(PatroniCluster.memberNames(resource).toArray(String[]::new));
    }

    /**
     * Rotation at once, as docs/security.md describes it: the TLS Secret deleted, the operator issues a
     * new certificate under the same authority and reports it; once the kubelet (here: the test) has
     * put the new files in place, the operator has every member load it, with no restart.
     */
    @Test
    @Order(5)
    void aRenewedCertificateIsLoadedByEveryMemberWithoutARestart() throws Exception {
        String before = awaitStatus("status.tls names the certificate",
                d -> d.getStatus().tls != null && d.getStatus().tls.certificateSerial != null).getStatus().tls.certificateSerial;
        Map<String, Long> patroniPids = new LinkedHashMap<>();
        Map<String, Long> postmasterPids = new LinkedHashMap<>();
        for (PatroniNode node : cluster.nodes()) {
            patroniPids.put(node.name(), node.patroniPid());
            postmasterPids.put(node.name(), Pids.postmaster(node.dataDirectory()).orElseThrow());
        }
        String ns = ClusterNames.namespace(resource);
        String authorityBefore = client.secrets().inNamespace(ns).withName(ClusterNames.authoritySecret(resource)).require()
                .getData().get("ca.crt");

        client.secrets().inNamespace(ns).withName(ClusterNames.tlsSecret(resource)).delete();
        WorkflowDatabase renewed = awaitStatus("status.tls names a new certificate",
                d -> d.getStatus().tls != null && d.getStatus().tls.certificateSerial != null
                        && !before.equals(d.getStatus().tls.certificateSerial));
        String serial = renewed.getStatus().tls.certificateSerial;
        Secret authority = client.secrets().inNamespace(ns).withName(ClusterNames.authoritySecret(resource)).require();
        assertThat(authority.getData().get("ca.crt")).as("the same authority").isEqualTo(authorityBefore);
        ClusterTlsFiles mounted = cluster.mount(ClusterTlsFiles.fromSecrets(authority,
                client.secrets().inNamespace(ns).withName(ClusterNames.tlsSecret(resource)).require()));
        assertThat(mounted.server().serialNumber()).isEqualTo(serial);

        long mountedAt = System.nanoTime();
        cluster.awaitEveryMemberServes(serial, AWAIT_OPERATOR);
        System.out.printf("[e2e] the operator had every member load certificate %s %.1f s after its files changed%n",
                serial, (System.nanoTime() - mountedAt) / 1e9);
        for (PatroniNode node : cluster.nodes()) {
            assertThat(node.patroniPid()).as("Patroni of %s", node.name()).isEqualTo(patroniPids.get(node.name()));
            assertThat(Pids.postmaster(node.dataDirectory()).orElseThrow()).as("postmaster of %s", node.name())
                    .isEqualTo(postmasterPids.get(node.name()));
        }
    }

    /** Waits for the WorkflowDatabase to satisfy {@code test}; on timeout the failure shows its status. */
    private WorkflowDatabase awaitStatus(String what, java.util.function.Predicate<WorkflowDatabase> test) {
        try {
            return await(what).atMost(AWAIT_OPERATOR).pollInterval(Duration.ofMillis(500)).until(this::current, test);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(what + ": not within " + AWAIT_OPERATOR.toSeconds() + " s; " + describe(current()), e);
        }
    }

    private static boolean pendingRestart(WorkflowDatabase db, String status) {
        Condition c = condition(db, ConditionTypes.PENDING_RESTART);
        return c != null && status.equals(c.status);
    }

    private static String describe(WorkflowDatabase db) {
        if (db == null || db.getStatus() == null) {
            return "no status";
        }
        StringBuilder out = new StringBuilder("phase ").append(db.getStatus().phase).append(", primary ")
                .append(db.getStatus().primary);
        for (Condition c : db.getStatus().conditions) {
            out.append("; ").append(c.type).append('=').append(c.status).append(' ').append(c.reason).append(": ")
                    .append(c.message);
        }
        return out.toString();
    }

    private WorkflowDatabase current() {
        return client.resources(WorkflowDatabase.class).inNamespace(ClusterNames.namespace(resource))
                .withName(ClusterNames.name(resource)).get();
    }

    private void edit(Consumer<WorkflowDatabase> change) {
        SpecEdits.edit(client, WorkflowDatabase.class, ClusterNames.namespace(resource), ClusterNames.name(resource),
                change);
    }

    private static Condition condition(WorkflowDatabase db, String type) {
        return db.getStatus() == null ? null : StatusAggregator.find(db.getStatus(), type);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parameters(Map<?, ?> dynamicConfiguration) {
        Map<String, Object> postgresql = (Map<String, Object>) dynamicConfiguration.get("postgresql");
        return postgresql == null ? Map.of() : (Map<String, Object>) postgresql.getOrDefault("parameters", Map.of());
    }

    /** One value per member, by member name. */
    private Map<String, String> onEveryMember(String sql) throws SQLException {
        Map<String, String> values = new LinkedHashMap<>();
        for (PatroniNode node : cluster.nodes()) {
            try (Connection c = cluster.superuser(node, "postgres"); Statement st = c.createStatement()) {
                values.put(node.name(), text(st, sql));
            }
        }
        return values;
    }

    private static String text(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
