package io.workflowdb.operator.cluster.patroni;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** {@link PatroniClient} against a local stand-in that answers what Patroni 3.0.2 answers. */
class PatroniClientTest {

    /** GET /cluster of a three-member cluster: a leader, a synchronous standby, a replica without WAL position. */
    private static final String CLUSTER = """
            {"members": [
              {"name": "orders-db-0", "role": "leader", "state": "running", "api_url": "http://10.0.0.10:8008/patroni",
               "host": "10.0.0.10", "port": 5432, "timeline": 3, "tags": {"clonefrom": true}},
              {"name": "orders-db-1", "role": "sync_standby", "state": "streaming", "api_url": "http://10.0.0.11:8008/patroni",
               "host": "10.0.0.11", "port": 5432, "timeline": 3, "lag": 0, "pending_restart": true},
              {"name": "orders-db-2", "role": "replica", "state": "starting", "api_url": "http://10.0.0.12:8008/patroni",
               "host": "10.0.0.12", "port": 5432, "lag": "unknown"}
            ],
             "scheduled_switchover": {"at": "2026-01-01T00:00:00+00:00", "from": "orders-db-0"}}
            """;

    private static final String CONFIG = """
            {"ttl": 30, "loop_wait": 10, "retry_timeout": 30, "maximum_lag_on_failover": 1048576,
             "postgresql": {"use_pg_rewind": true, "use_slots": true,
                            "parameters": {"max_connections": "100", "work_mem": "4MB"},
                            "pg_hba": ["local all all scram-sha-256"]}}
            """;

    private static final String PASSWORD = "s3cret-Pa55";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PatroniClient client = new PatroniClient();
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> statusByPath = new HashMap<>();
    private final Map<String, String> bodyByPath = new HashMap<>(Map.of("/cluster", CLUSTER, "/config", CONFIG));
    private HttpServer server;
    private URI base;

    record Recorded(String method, String path, String authorization, String contentType, String body) {
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::answer);
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        requests.add(new Recorded(exchange.getRequestMethod(), path,
                exchange.getRequestHeaders().getFirst("Authorization"),
                exchange.getRequestHeaders().getFirst("Content-Type"),
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
        int status = statusByPath.getOrDefault(path, bodyByPath.containsKey(path) ? 200 : 404);
        byte[] body = (status == 200 ? bodyByPath.get(path) : "no auth header received").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Test
    void readsTheClusterMembers() {
        ClusterState cluster = client.cluster(base);

        assertThat(cluster.paused()).isFalse();
        assertThat(cluster.members()).extracting(ClusterState.Member::name)
                .containsExactly("orders-db-0", "orders-db-1", "orders-db-2");
        ClusterState.Member leader = cluster.leader().orElseThrow();
        assertThat(leader.name()).isEqualTo("orders-db-0");
        assertThat(leader.apiUrl()).isEqualTo("http://10.0.0.10:8008/patroni");
        assertThat(leader.host()).isEqualTo("10.0.0.10");
        assertThat(leader.port()).isEqualTo(5432);
        assertThat(leader.timeline()).isEqualTo(3L);
        assertThat(leader.lagBytes()).isNull();
        assertThat(leader.lagUnknown()).isFalse();
        ClusterState.Member sync = cluster.members().get(1);
        assertThat(sync.role()).isEqualTo("sync_standby");
        assertThat(sync.state()).isEqualTo("streaming");
        assertThat(sync.lagBytes()).isZero();
        assertThat(sync.pendingRestart()).isTrue();
        ClusterState.Member replica = cluster.members().get(2);
        assertThat(replica.lagBytes()).isNull();
        assertThat(replica.lagUnknown()).isTrue();
        assertThat(replica.timeline()).isNull();
        assertThat(replica.pendingRestart()).isFalse();
        assertThat(requests).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("GET");
            assertThat(r.authorization()).isNull();
        });
    }

    @Test
    void theLeaderRoleHasThreeNames() {
        for (String role : List.of("leader", "master", "standby_leader")) {
            bodyByPath.put("/cluster", "{\"members\": [{\"name\": \"a\", \"role\": \"replica\"}, {\"name\": \"b\", \"role\": \""
                    + role + "\"}], \"pause\": true}");
            ClusterState cluster = client.cluster(base);
            assertThat(cluster.leader()).map(ClusterState.Member::name).contains("b");
            assertThat(cluster.paused()).isTrue();
        }
        bodyByPath.put("/cluster", "{\"members\": [{\"name\": \"a\", \"role\": \"replica\", \"lag\": 42}]}");
        assertThat(client.cluster(base).leader()).isEmpty();
        assertThat(client.cluster(base).members().get(0).lagBytes()).isEqualTo(42L);
        bodyByPath.put("/cluster", "{}");
        assertThat(client.cluster(base).members()).isEmpty();
    }

    @Test
    void readsTheDynamicConfiguration() {
        Map<String, Object> config = client.config(base);

        assertThat(config).containsEntry("ttl", 30).containsKey("postgresql");
        assertThat(DynamicConfigDiff.patch(Map.of("postgresql", Map.of("parameters", Map.of("work_mem", "4MB",
                "max_connections", "100"))), config)).isEmpty();
    }

    @Test
    void patchesTheConfigurationWithBasicAuth() throws IOException {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("work_mem", "8MB");
        parameters.put("old_setting", null);
        Map<String, Object> patch = Map.of("ttl", 20, "postgresql", Map.of("parameters", parameters));

        // a member's api_url, path and all, is a valid target
        client.patchConfig(URI.create(base + "/patroni"), patch, PatroniRoles.REST_API, PASSWORD);

        Recorded request = requests.get(0);
        assertThat(request.method()).isEqualTo("PATCH");
        assertThat(request.path()).isEqualTo("/config");
        assertThat(request.contentType()).isEqualTo("application/json");
        assertThat(request.authorization()).isEqualTo("Basic "
                + Base64.getEncoder().encodeToString(("patroni:" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
        assertThat(JSON.readValue(request.body(), new TypeReference<Map<String, Object>>() {
        })).isEqualTo(patch);
        assertThat(request.body()).contains("\"old_setting\":null");
    }

    @Test
    void aRefusedPatchNamesStatusAndUrlButNotThePassword() {
        statusByPath.put("/config", 401);

        assertThatThrownBy(() -> client.patchConfig(base, Map.of("ttl", 20), "patroni", PASSWORD))
                .isInstanceOfSatisfying(PatroniApiException.class, e -> assertThat(e.statusCode()).isEqualTo(401))
                .hasMessage("PATCH " + base + "/config answered HTTP 401")
                .hasMessageNotContaining(PASSWORD);
    }

    @Test
    void aServerErrorOnReadIsReported() {
        statusByPath.put("/cluster", 500);

        assertThatThrownBy(() -> client.cluster(base))
                .isInstanceOfSatisfying(PatroniApiException.class, e -> assertThat(e.statusCode()).isEqualTo(500))
                .hasMessage("GET " + base + "/cluster answered HTTP 500");
    }

    @Test
    void anAnswerThatIsNotJsonIsReported() {
        bodyByPath.put("/config", "<html>proxy error</html>");

        assertThatThrownBy(() -> client.config(base)).isInstanceOf(PatroniApiException.class)
                .hasMessageStartingWith("GET " + base + "/config answered something other than its JSON");
    }

    @Test
    void noAnswerIsReportedWithStatusZero() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        URI nobody = URI.create("http://127.0.0.1:" + closedPort);

        assertThatThrownBy(() -> client.patchConfig(nobody, Map.of("ttl", 20), "patroni", PASSWORD))
                .isInstanceOfSatisfying(PatroniApiException.class, e -> assertThat(e.statusCode()).isZero())
                .hasMessageStartingWith("PATCH " + nobody + "/config failed")
                .hasMessageNotContaining(PASSWORD);
    }

    @Test
    void userInfoInTheBaseUrlNeverReachesTheRequestUrl() {
        assertThat(PatroniClient.endpoint(URI.create("http://patroni:" + PASSWORD + "@10.0.0.10:8008/patroni"), "/config"))
                .isEqualTo(URI.create("http://10.0.0.10:8008/config"));
        assertThat(PatroniClient.endpoint(URI.create("https://[fd00::1]:8008"), "/cluster"))
                .isEqualTo(URI.create("https://[fd00::1]:8008/cluster"));
    }
}
