package io.workflowdb.operator.cluster.pgbouncer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;

/**
 * Renders the example and the maximal WorkflowDatabase and compares with the committed
 * {@code src/test/resources/render/golden/<name>.pgbouncer.ini}. After an intended change, rewrite
 * the golden files with {@code ./mvnw test -Dtest=PgBouncerGoldenTest -Dgolden.update=true} and
 * review the diff before committing it.
 */
class PgBouncerGoldenTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path GOLDEN = Path.of("src/test/resources/render/golden");
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");

    @Test
    void example() throws IOException {
        Map<String, String> settings = assertGolden(Path.of("examples/workflowdatabase.yaml")).get("pgbouncer");

        assertThat(settings)
                .containsEntry("pool_mode", "transaction")
                .containsEntry("max_client_conn", "100")
                .containsEntry("default_pool_size", "20")
                .containsEntry("server_reset_query", "DISCARD ALL")
                .containsEntry("auth_type", "scram-sha-256")
                .containsEntry("auth_user", "pooler_auth")
                .doesNotContainKey("server_reset_query_always");
    }

    @Test
    void maximal() throws IOException {
        Map<String, Map<String, String>> ini = assertGolden(Path.of("src/test/resources/render/workflowdatabase-maximal.yaml"));

        assertThat(ini.get("databases")).containsExactly(
                Map.entry("orders", "host=orders-db-primary.prod.svc port=5432 dbname=orders"),
                Map.entry("orders_ro", "host=orders-db-replicas.prod.svc port=5432 dbname=orders"));
        assertThat(ini.get("pgbouncer"))
                .containsEntry("pool_mode", "session")
                .containsEntry("max_client_conn", "2000")
                .containsEntry("default_pool_size", "40")
                .containsEntry("min_pool_size", "10")
                .containsEntry("reserve_pool_size", "10")
                .containsEntry("reserve_pool_timeout", "3")
                .containsEntry("max_db_connections", "120")
                .containsEntry("max_user_connections", "100")
                .containsEntry("server_reset_query_always", "1")
                .containsEntry("server_idle_timeout", "300")
                .containsEntry("query_wait_timeout", "60")
                .containsEntry("application_name_add_host", "1")
                .containsEntry("ignore_startup_parameters", "extra_float_digits,options")
                .containsEntry("listen_port", "6432");
    }

    /**
     * The default pooler image (PgBouncer 1.24) looks passwords up in the postgres database with
     * auth_dbname; the tests' PgBouncer 1.18 runs the other path, so this one is checked here.
     */
    @Test
    void authDatabaseOfPgBouncer119AndLater() throws IOException {
        String authDatabase = PoolerAuthSql.authDatabase(io.workflowdb.operator.cluster.ClusterSettings.DEFAULT_POOLER_IMAGE);
        assertThat(authDatabase).isEqualTo("postgres");
        Map<String, Map<String, String>> ini = assertGolden(Path.of("examples/workflowdatabase.yaml"), authDatabase, ".auth-dbname");
        assertThat(ini.get("pgbouncer")).containsEntry("auth_dbname", "postgres")
                .containsEntry("auth_query", PoolerAuthSql.AUTH_QUERY);
    }

    @Test
    void authDatabaseOnlyForATagThatNamesPgBouncer119OrLater() {
        assertThat(PoolerAuthSql.authDatabase("ghcr.io/cloudnative-pg/pgbouncer:1.19.0")).isEqualTo("postgres");
        assertThat(PoolerAuthSql.authDatabase("registry:5000/pgbouncer:v1.22@sha256:abc")).isEqualTo("postgres");
        assertThat(PoolerAuthSql.authDatabase("ghcr.io/cloudnative-pg/pgbouncer:1.18.0")).isNull();
        assertThat(PoolerAuthSql.authDatabase("registry:5000/pgbouncer")).as("no tag, the port is no version").isNull();
        assertThat(PoolerAuthSql.authDatabase("pgbouncer:latest")).isNull();
    }

    /** Renders the resource, compares (or rewrites) its golden file, and returns the file parsed back. */
    private static Map<String, Map<String, String>> assertGolden(Path resourceFile) throws IOException {
        return assertGolden(resourceFile, null, "");
    }

    private static Map<String, Map<String, String>> assertGolden(Path resourceFile, String authDatabase, String suffix)
            throws IOException {
        WorkflowDatabase resource = YAML.readValue(resourceFile.toFile(), WorkflowDatabase.class);
        String name = resource.getMetadata().getName();
        String namespace = resource.getMetadata().getNamespace();
        RenderedPgBouncer rendered = PgBouncerConfigRenderer.render(new PgBouncerRenderInput(resource.getSpec().pgbouncer,
                resource.getSpec().database, name + "-primary." + namespace + ".svc", name + "-replicas." + namespace + ".svc",
                5432, "pooler_auth", PgBouncerLayout.defaults(),
                new io.workflowdb.operator.tls.ServedTls(io.workflowdb.operator.tls.ServedTls.Mode.OFF, true), authDatabase));
        Path golden = GOLDEN.resolve(name + suffix + ".pgbouncer.ini");
        if (UPDATE) {
            Files.createDirectories(GOLDEN);
            Files.writeString(golden, rendered.ini(), StandardCharsets.UTF_8);
        }
        assertThat(rendered.ini()).as("rendering of %s; see the class comment to update %s", resourceFile, golden)
                .isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
        Map<String, Map<String, String>> parsed = IniReader.parse(rendered.ini());
        assertThat(parsed).containsOnlyKeys("databases", "pgbouncer");
        assertThat(parsed.get("pgbouncer")).isEqualTo(rendered.config().pgbouncer());
        return parsed;
    }
}
