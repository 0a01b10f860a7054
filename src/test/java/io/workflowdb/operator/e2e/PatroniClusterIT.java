package io.workflowdb.operator.e2e;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.workflowdb.operator.cluster.access.Credentials;
import io.workflowdb.operator.cluster.access.DatabaseSetupAccess;
import io.workflowdb.operator.cluster.patroni.PatroniRoles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A real Patroni 3 cluster of three members forms from the operator's rendered patroni.yml and the
 * StatefulSet's pod environment, on etcd, on loopback: one leader, two streaming replicas, one of
 * them the synchronous standby, the rendered dynamic configuration in effect, and patronictl
 * reading the same file agrees with the REST API. With TLS, the operator's default: every member
 * serves the cluster's certificate on PostgreSQL and the REST API, replication is encrypted, plain
 * connections and the superuser's password alone are refused, and a renewed certificate is served
 * after {@code POST /reload} without a restart.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PatroniClusterIT {

    private static PatroniCluster cluster;
    private static ClusterView healthy;

    @BeforeAll
    static void formCluster() throws Exception {
        E2eMachine machine = E2eMachine.require();
        cluster = PatroniCluster.start(machine, "cluster");
        healthy = cluster.awaitHealthy(Duration.ofSeconds(120));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void oneLeaderAndTwoStreamingReplicasOfWhichOneIsSynchronous() throws Exception {
        assertThat(healthy.members()).extracting(ClusterView.Member::name)
                .containsExactly("workflow-db-0", "workflow-db-1", "workflow-db-2");
        assertThat(healthy.members()).extracting(ClusterView.Member::host)
                .containsExactlyElementsOf(
                        cluster.topology().members().stream().map(LoopbackTopology.Member::host).toList());
        assertThat(healthy.withRole(ClusterView.LEADER)).hasSize(1);
        assertThat(healthy.withRole(ClusterView.SYNC_STANDBY)).hasSize(1);
        assertThat(healthy.withRole(ClusterView.REPLICA)).hasSize(1);
        assertThat(healthy.members()).allMatch(ClusterView.Member::running);

        PatroniNode leader = cluster.node(healthy.leader().orElseThrow().name());
        assertThat(cluster.primary()).as("GET /primary answers 200 on the leader only").contains(leader);
        Map<String, PatroniCluster.Replication> replication = cluster.replication(leader);
        String sync = healthy.withRole(ClusterView.SYNC_STANDBY).get(0).name();
        String async = healthy.withRole(ClusterView.REPLICA).get(0).name();
        assertThat(replication).containsOnlyKeys(sync, async);
        assertThat(replication.get(sync)).isEqualTo(new PatroniCluster.Replication(sync, "streaming", "sync"));
        assertThat(replication.get(async)).isEqualTo(new PatroniCluster.Replication(async, "streaming", "async"));
    }

    @Test
    void theRenderedDynamicConfigurationIsInEffect() throws Exception {
        Map<?, ?> config = cluster.dynamicConfiguration();
        assertThat(config.get("ttl")).isEqualTo(E2eResource.TTL);
        assertThat(config.get("loop_wait")).isEqualTo(E2eResource.LOOP_WAIT);
        assertThat(config.get("retry_timeout")).isEqualTo(E2eResource.RETRY_TIMEOUT);
        assertThat(config.get("synchronous_mode")).isEqualTo(true);

        PatroniNode leader = cluster.node(healthy.leader().orElseThrow().name());
        String sync = healthy.withRole(ClusterView.SYNC_STANDBY).get(0).name();
        try (Connection c = cluster.superuser(leader, "postgres"); Statement st = c.createStatement()) {
            // from examples/workflowdatabase.yaml through the renderer
            assertThat(show(st, "shared_buffers")).isEqualTo("256MB");
            assertThat(show(st, "shared_preload_libraries")).contains("pg_stat_statements");
            assertThat(show(st, "password_encryption")).isEqualTo("scram-sha-256");
            // written by Patroni for synchronous_mode, never by the operator
            assertThat(show(st, "synchronous_standby_names")).contains(sync);
        }
    }

    @Test
    void patronictlReadingTheRenderedFileAgreesWithTheRestApi() throws Exception {
        List<Map<String, Object>> rows = cluster.patronictlList(cluster.nodes().get(0));

        ClusterView view = cluster.view().orElseThrow();
        Map<String, String> restRoles = view.members().stream()
                .collect(Collectors.toMap(ClusterView.Member::name, m -> ClusterView.patronictlRole(m.role())));
        Map<String, Object> listedRoles = rows.stream()
                .collect(Collectors.toMap(r -> (String) r.get("Member"), r -> r.get("Role")));
        assertThat(listedRoles).isEqualTo(restRoles);
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.get("Cluster")).isEqualTo("workflow-db");
            assertThat(r.get("State")).isEqualTo("running");
            assertThat(r.get("TL")).isEqualTo(view.leader().orElseThrow().timeline());
        });
    }

    @Test
    void everyMemberServesTheClustersCertificateAndRefusesPlainConnections() throws Exception {
        ClusterTlsFiles tls = cluster.tls();
        String serial = tls.server().serialNumber();
        for (PatroniNode node : cluster.nodes()) {
            LoopbackTopology.Member m = node.member();
            assertThat(TlsProbe.serial(TlsProbe.postgres(m.host(), m.postgresPort(), tls.caPem())))
                    .as("serial of the certificate PostgreSQL serves on %s", node.name()).isEqualTo(serial);
            assertThat(TlsProbe.serial(TlsProbe.https(m.host(), m.restPort(), tls.caPem())))
                    .as("serial of the certificate the REST API serves on %s", node.name()).isEqualTo(serial);
            assertThat(Http.get(m.plainRestUrl() + "/liveness", Duration.ofSeconds(2)))
                    .as("plain HTTP to the REST API of %s", node.name()).isEmpty();
            assertThat(Http.get(m.restUrl() + "/liveness", Duration.ofSeconds(2)))
                    .as("HTTPS to the REST API of %s", node.name()).hasValueSatisfying(a -> assertThat(a.status()).isEqualTo(200));

            assertThatThrownBy(() -> cluster.superuserWithPasswordOnly(node, "postgres", "disable").close())
                    .as("a plain connection to %s", node.name()).isInstanceOf(SQLException.class)
                    .hasMessageContaining("pg_hba.conf").hasMessageContaining("no encryption");
            assertThatThrownBy(() -> cluster.superuserWithPasswordOnly(node, "postgres", "verify-full").close())
                    .as("the superuser's password without a client certificate, over TLS, on %s", node.name())
                    .isInstanceOf(SQLException.class).hasMessageContaining("certificate");
            try (Connection c = cluster.superuser(node, "postgres"); Statement st = c.createStatement()) {
                assertThat(text(st, "SELECT ssl::text || ' ' || version || ' ' || coalesce(client_dn, '')"
                        + " FROM pg_stat_ssl WHERE pid = pg_backend_pid()"))
                        .as("the superuser's own session on %s", node.name()).startsWith("true TLSv1.").endsWith("/CN=postgres");
                if (!node.name().equals(healthy.leader().orElseThrow().name())) {
                    assertThat(text(st, "SELECT conninfo FROM pg_stat_wal_receiver"))
                            .as("the walreceiver's connection of %s", node.name()).contains("sslmode=verify-ca");
                }
            }
        }

        PatroniNode leader = cluster.node(healthy.leader().orElseThrow().name());
        Map<String, String> replication = new HashMap<>();
        try (Connection c = cluster.superuser(leader, "postgres"); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT r.application_name, s.ssl::text || ' ' || s.version"
                        + " FROM pg_stat_replication r JOIN pg_stat_ssl s ON s.pid = r.pid")) {
            while (rs.next()) {
                replication.put(rs.getString(1), rs.getString(2));
            }
        }
        assertThat(replication).as("the walsenders' connections on the leader").hasSize(2)
                .allSatisfy((member, ssl) -> assertThat(ssl).startsWith("true TLSv1."));

        // the operator's set-up logs in with its client certificate, where the password alone is refused
        DatabaseSetupAccess.run(cluster.resource(), cluster.credentials(), leader.member().postgresAddress(),
                cluster.superuserTls());
    }

    /** Last: the members serve another certificate afterwards. */
    @Test
    @Order(Integer.MAX_VALUE)
    void aRenewedCertificateIsServedAfterPostReloadWithoutARestart() throws Exception {
        ClusterTlsFiles before = cluster.tls();
        Map<String, Long> patroniPids = new LinkedHashMap<>();
        Map<String, Long> postmasterPids = new LinkedHashMap<>();
        for (PatroniNode node : cluster.nodes()) {
            patroniPids.put(node.name(), node.patroniPid());
            postmasterPids.put(node.name(), Pids.postmaster(node.dataDirectory()).orElseThrow());
        }
        ClusterTlsFiles renewed = cluster.renewServerCertificate();
        String serial = renewed.server().serialNumber();
        assertThat(serial).isNotEqualTo(before.server().serialNumber());

        // what the operator's PatroniConfigWriter.reloadCertificates does after a renewal, with its client
        long asked = System.nanoTime();
        for (PatroniNode node : cluster.nodes()) {
            assertThat(Http.post(node.member().restUrl() + "/reload", PatroniRoles.REST_API,
                    cluster.credentials().get(Credentials.REST_API))).as("POST /reload on %s", node.name()).isEqualTo(202);
        }
        cluster.awaitEveryMemberServes(serial, Duration.ofSeconds(30));
        System.out.printf("[e2e] renewed server certificate %s served by every member %.1f s after POST /reload%n", serial,
                (System.nanoTime() - asked) / 1e9);
        for (PatroniNode node : cluster.nodes()) {
            assertThat(node.patroniPid()).as("Patroni of %s", node.name()).isEqualTo(patroniPids.get(node.name()));
            assertThat(node.patroniRunning()).isTrue();
            assertThat(Pids.postmaster(node.dataDirectory()).orElseThrow()).as("postmaster of %s", node.name())
                    .isEqualTo(postmasterPids.get(node.name()));
        }
        assertThat(cluster.awaitHealthy(Duration.ofSeconds(30)).withRole(ClusterView.LEADER)).hasSize(1);
    }

    private static String text(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static String show(Statement st, String parameter) throws Exception {
        try (ResultSet rs = st.executeQuery("SHOW " + parameter)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
