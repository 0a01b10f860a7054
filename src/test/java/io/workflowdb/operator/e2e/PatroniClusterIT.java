package io.workflowdb.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real Patroni 3 cluster of three members forms from the operator's rendered patroni.yml and the
 * StatefulSet's pod environment, on etcd, on loopback: one leader, two streaming replicas, one of
 * them the synchronous standby, the rendered dynamic configuration in effect, and patronictl
 * reading the same file agrees with the REST API.
 */
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

    private static String show(Statement st, String parameter) throws Exception {
        try (ResultSet rs = st.executeQuery("SHOW " + parameter)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
