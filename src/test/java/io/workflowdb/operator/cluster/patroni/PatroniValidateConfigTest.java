package io.workflowdb.operator.cluster.patroni;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.workflowdb.operator.testing.InstalledPrograms;
import io.workflowdb.operator.testing.PostgresUser;
import io.workflowdb.operator.testing.Processes;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs Patroni's own validator ({@code patroni --validate-config}, Patroni 3.0.2 from Debian) on the
 * golden renderings, byte for byte as rendered. What only the pod or this machine knows comes
 * through the same {@code PATRONI_*} variables the pod sets, which Patroni merges over the file
 * before it validates: member name and connect addresses (host names, as the validator refuses
 * loopback ones), the REST API password (3.0.2 fails without it), this machine's PostgreSQL
 * binaries and an empty data directory, a free port if this machine already uses 8008 or 5432,
 * and, for etcd, a listening stand-in (the validator resolves and connects to every etcd host).
 * Without Patroni the test is skipped, except where {@code CI} is set: there it fails.
 */
class PatroniValidateConfigTest {

    private static Path patroni;
    private static Path postgresBin;

    @BeforeAll
    static void findPatroniAndPostgres() throws IOException {
        patroni = InstalledPrograms.onPath("patroni").orElse(null);
        PostgresUser.requireInstalled(patroni != null, "patroni is not on PATH; .ci/install-test-packages installs it");
        postgresBin = InstalledPrograms.newestPostgresBin(List.of("pg_ctl", "postgres")).orElse(null);
        PostgresUser.requireInstalled(postgresBin != null, "no PostgreSQL server binaries under /usr/lib/postgresql");
    }

    @Test
    void theExampleWithTheKubernetesDcsIsValid(@TempDir Path dir) throws Exception {
        RenderedPatroni rendered = PatroniFixtures.render(PatroniFixtures.EXAMPLE);

        Result result = validate(rendered, dir, podEnvironment(rendered, dir));

        assertThat(result.exitCode()).as("patroni --validate-config said:%n%s", result.output()).isZero();
    }

    @Test
    void theMaximalResourceWithEtcdIsValid(@TempDir Path dir) throws Exception {
        RenderedPatroni rendered = PatroniFixtures.render(PatroniFixtures.MAXIMAL);
        try (ServerSocket etcd = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Map<String, String> env = podEnvironment(rendered, dir);
            env.put("PATRONI_ETCD3_HOSTS", "127.0.0.1:" + etcd.getLocalPort());

            Result result = validate(rendered, dir, env);

            assertThat(result.exitCode()).as("patroni --validate-config said:%n%s", result.output()).isZero();
        }
    }

    @Test
    void withoutThePodsVariablesTheFileIsIncomplete(@TempDir Path dir) throws Exception {
        RenderedPatroni rendered = PatroniFixtures.render(PatroniFixtures.EXAMPLE);
        Map<String, String> env = podEnvironment(rendered, dir);
        env.keySet().removeAll(List.of(PatroniEnv.NAME, PatroniEnv.RESTAPI_CONNECT_ADDRESS,
                PatroniEnv.POSTGRESQL_CONNECT_ADDRESS));

        Result result = validate(rendered, dir, env);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.output()).contains("name ", "restapi.connect_address", "postgresql.connect_address");
    }

    /** What the pod supplies, with host names the validator accepts, plus this machine's directories. */
    private static Map<String, String> podEnvironment(RenderedPatroni rendered, Path dir) throws IOException {
        String member = rendered.config().scope() + "-0";
        String host = member + "." + rendered.config().scope() + ".example.internal";
        Map<String, String> env = new HashMap<>();
        env.put(PatroniEnv.NAME, member);
        env.put(PatroniEnv.RESTAPI_CONNECT_ADDRESS, host + ":" + PatroniLayout.REST_API_PORT);
        env.put(PatroniEnv.POSTGRESQL_CONNECT_ADDRESS, host + ":" + PatroniLayout.POSTGRES_PORT);
        env.put(PatroniEnv.RESTAPI_PASSWORD, "not-checked");
        env.put("PATRONI_POSTGRESQL_BIN_DIR", postgresBin.toString());
        env.put("PATRONI_POSTGRESQL_DATA_DIR", dir.resolve("data").toString());
        freeListenPort(env, "PATRONI_RESTAPI_LISTEN", rendered.config().restapi().listen());
        freeListenPort(env, "PATRONI_POSTGRESQL_LISTEN", rendered.config().postgresql().listen());
        return env;
    }

    /** The validator refuses a listen port something already listens on; such a port is swapped for a free one. */
    private static void freeListenPort(Map<String, String> env, String variable, String listen) throws IOException {
        int colon = listen.lastIndexOf(':');
        int port = Integer.parseInt(listen.substring(colon + 1));
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
        } catch (IOException nothingListens) {
            return;
        }
        try (ServerSocket free = new ServerSocket(0)) {
            env.put(variable, listen.substring(0, colon + 1) + free.getLocalPort());
        }
    }

    private record Result(int exitCode, String output) {
    }

    private static Result validate(RenderedPatroni rendered, Path dir, Map<String, String> env) throws Exception {
        Path file = dir.resolve("patroni.yml");
        Files.writeString(file, rendered.yaml(), StandardCharsets.UTF_8);
        ProcessBuilder builder = new ProcessBuilder(patroni.toString(), "--validate-config", file.toString())
                .redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("PATRONI_"));
        builder.environment().putAll(env);
        // a run longer than 60 s fails the test with what patroni printed
        Processes.Finished run = Processes.run(builder, Duration.ofSeconds(60));
        return new Result(run.exitCode(), run.output());
    }
}
