package io.workflowdb.operator.cluster.patroni;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.workflowdb.operator.cluster.patroni.PatroniConfig.DynamicConfig;

import static io.workflowdb.operator.cluster.patroni.PatroniFixtures.hbaWith;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Renders the example and the maximal WorkflowDatabase and compares with the committed
 * {@code src/test/resources/render/golden/<name>.patroni.yml}, then parses the file back. After an
 * intended change, rewrite the golden files with
 * {@code ./mvnw test -Dtest=PatroniGoldenTest -Dgolden.update=true} and review the diff before
 * committing it.
 */
class PatroniGoldenTest {

    private static final Path GOLDEN = Path.of("src/test/resources/render/golden");
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");

    @Test
    void example() throws IOException {
        PatroniConfig config = assertGolden(PatroniFixtures.EXAMPLE);

        assertThat(config.scope()).isEqualTo("workflow-db");
        assertThat(config.etcd3()).isNull();
        assertThat(config.namespace()).as("Patroni would copy it over kubernetes.namespace").isNull();
        assertThat(config.kubernetes().namespace()).isEqualTo("apps");
        assertThat(config.kubernetes().labels()).isEqualTo(PatroniFixtures.LABELS);
        assertThat(config.kubernetes().useEndpoints()).isFalse();
        assertThat(config.postgresql().binDir()).isEqualTo("/usr/lib/postgresql/16/bin");
        DynamicConfig dcs = config.bootstrap().dcs();
        assertThat(dcs.ttl()).isEqualTo(30);
        assertThat(dcs.loopWait()).isEqualTo(10);
        assertThat(dcs.retryTimeout()).isEqualTo(30);
        assertThat(dcs.maximumLagOnFailover()).isEqualTo(1048576L);
        assertThat(dcs.synchronousMode()).isFalse();
        assertThat(dcs.synchronousModeStrict()).isFalse();
        assertThat(dcs.synchronousNodeCount()).isNull();
        assertThat(dcs.postgresql().usePgRewind()).isTrue();
        assertThat(dcs.postgresql().parameters())
                .containsEntry("work_mem", "4MB")
                .containsEntry("max_wal_size", "4GB")
                .containsEntry("checkpoint_completion_target", "0.9")
                .containsEntry("shared_preload_libraries", "pg_stat_statements")
                .containsEntry("pg_stat_statements.track", "all")
                .containsEntry("wal_level", "replica")
                .doesNotContainKeys("synchronous_standby_names", "unix_socket_directories");
        assertThat(dcs.postgresql().pgHba()).containsExactlyElementsOf(hbaWith("hostssl all all all scram-sha-256"));
    }

    @Test
    void maximal() throws IOException {
        PatroniConfig config = assertGolden(PatroniFixtures.MAXIMAL);

        assertThat(config.scope()).isEqualTo("orders-db");
        assertThat(config.kubernetes()).isNull();
        assertThat(config.etcd3().hosts()).containsExactly(
                "etcd-0.etcd.prod.svc:2379", "etcd-1.etcd.prod.svc:2379", "etcd-2.etcd.prod.svc:2379");
        assertThat(config.namespace()).isEqualTo("/workflowdb/prod/");
        assertThat(config.etcd3().protocol()).isEqualTo("https");
        assertThat(config.etcd3().cacert()).isEqualTo("/etc/patroni-etcd-tls/ca.crt");
        assertThat(config.etcd3().cert()).isEqualTo("/etc/patroni-etcd-tls/tls.crt");
        assertThat(config.etcd3().key()).isEqualTo("/etc/patroni-etcd-tls/tls.key");
        assertThat(config.postgresql().binDir()).isEqualTo("/usr/lib/postgresql/17/bin");
        DynamicConfig dcs = config.bootstrap().dcs();
        assertThat(dcs.ttl()).isEqualTo(20);
        assertThat(dcs.loopWait()).isEqualTo(5);
        assertThat(dcs.retryTimeout()).isEqualTo(10);
        assertThat(dcs.maximumLagOnFailover()).isEqualTo(524288L);
        assertThat(dcs.synchronousMode()).isTrue();
        assertThat(dcs.synchronousModeStrict()).isTrue();
        assertThat(dcs.synchronousNodeCount()).isEqualTo(2);
        assertThat(dcs.postgresql().usePgRewind()).isFalse();
        assertThat(dcs.postgresql().parameters())
                .containsEntry("shared_buffers", "2GB")
                .containsEntry("max_connections", "300")
                .containsEntry("wal_level", "logical")
                .containsEntry("log_min_duration_statement", "500")
                .containsEntry("maintenance_work_mem", "64MB");
        assertThat(dcs.postgresql().pgHba()).containsExactlyElementsOf(
                hbaWith("hostssl all all 10.0.0.0/8 scram-sha-256", "host all all 0.0.0.0/0 reject"));
    }

    /** Renders the resource, compares (or rewrites) its golden file, and returns the file parsed back. */
    private static PatroniConfig assertGolden(Path resourceFile) throws IOException {
        RenderedPatroni rendered = PatroniFixtures.render(resourceFile);
        Path golden = GOLDEN.resolve(rendered.config().scope() + ".patroni.yml");
        if (UPDATE) {
            Files.createDirectories(GOLDEN);
            Files.writeString(golden, rendered.yaml(), StandardCharsets.UTF_8);
        }
        assertThat(rendered.yaml()).as("rendering of %s; see the class comment to update %s", resourceFile, golden)
                .isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
        PatroniConfig parsed = PatroniYaml.read(rendered.yaml());
        assertThat(parsed).isEqualTo(rendered.config());
        assertThat(parsed.bootstrap().pgHba()).isEqualTo(parsed.bootstrap().dcs().postgresql().pgHba());
        return parsed;
    }
}
