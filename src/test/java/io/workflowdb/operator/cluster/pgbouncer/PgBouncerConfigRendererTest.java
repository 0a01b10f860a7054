package io.workflowdb.operator.cluster.pgbouncer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.workflowdb.operator.api.v1alpha1.PgBouncerSpec;
import io.workflowdb.operator.validation.Violation;

class PgBouncerConfigRendererTest {

    private static RenderedPgBouncer render(PgBouncerSpec spec) {
        return PgBouncerConfigRenderer.render(input(spec, "workflow_db"));
    }

    private static PgBouncerRenderInput input(PgBouncerSpec spec, String database) {
        return new PgBouncerRenderInput(spec, database, "db-primary.apps.svc", "db-replicas.apps.svc", 5432,
                "pooler_auth", PgBouncerLayout.defaults());
    }

    private static PgBouncerSpec withParameters(Map<String, String> parameters) {
        PgBouncerSpec spec = new PgBouncerSpec();
        spec.parameters = parameters;
        return spec;
    }

    @Test
    void baseDefaultsFileHoldsTheGuidesPoolingValues() {
        assertThat(PgBouncerDefaults.settings())
                .containsEntry("pool_mode", "transaction")
                .containsEntry("max_client_conn", "100")
                .containsEntry("default_pool_size", "20")
                .containsEntry("min_pool_size", "5")
                .containsEntry("reserve_pool_size", "5")
                .containsEntry("reserve_pool_timeout", "5")
                .containsEntry("max_db_connections", "50")
                .containsEntry("max_user_connections", "50")
                .containsEntry("server_reset_query", "DISCARD ALL")
                .containsEntry("server_check_query", "SELECT 1")
                .containsEntry("server_check_delay", "30")
                .containsEntry("ignore_startup_parameters", "extra_float_digits")
                .doesNotContainKey("server_reset_query_always");
    }

    @Test
    void withoutASpecRendersTheDefaultsAndTheForcedSettings() {
        RenderedPgBouncer rendered = render(null);

        assertThat(rendered.config().databases()).containsExactly(
                Map.entry("workflow_db", new DatabaseEntry("db-primary.apps.svc", 5432, "workflow_db")),
                Map.entry("workflow_db_ro", new DatabaseEntry("db-replicas.apps.svc", 5432, "workflow_db")));
        assertThat(rendered.config().pgbouncer())
                .containsAllEntriesOf(PgBouncerDefaults.settings())
                .containsEntry("listen_addr", "*")
                .containsEntry("listen_port", "6432")
                .containsEntry("unix_socket_dir", "")
                .containsEntry("auth_type", "scram-sha-256")
                .containsEntry("auth_file", "/etc/pgbouncer/auth/userlist.txt")
                .containsEntry("auth_user", "pooler_auth")
                .containsEntry("auth_query", "SELECT usename, passwd FROM \"pgbouncer\".\"get_auth\"($1)")
                .containsEntry("logfile", "")
                .containsEntry("pidfile", "")
                .doesNotContainKey("auth_hba_file");
        assertThat(IniReader.parse(rendered.ini()).get("databases"))
                .containsEntry("workflow_db", "host=db-primary.apps.svc port=5432 dbname=workflow_db");
    }

    @Test
    void typedFieldsAndParametersOverrideTheDefaults() {
        PgBouncerSpec spec = withParameters(Map.of("server_reset_query", "DISCARD ALL", "server_idle_timeout", "300",
                "server_check_query", "SELECT 2"));
        spec.poolMode = PgBouncerSpec.PoolMode.SESSION;
        spec.maxClientConn = 500;
        spec.defaultPoolSize = 30;
        spec.minPoolSize = 0;
        spec.reservePoolSize = 2;
        spec.reservePoolTimeout = 1;
        spec.maxDbConnections = 0;
        spec.maxUserConnections = 40;

        assertThat(render(spec).config().pgbouncer())
                .containsEntry("pool_mode", "session")
                .containsEntry("max_client_conn", "500")
                .containsEntry("default_pool_size", "30")
                .containsEntry("min_pool_size", "0")
                .containsEntry("reserve_pool_size", "2")
                .containsEntry("reserve_pool_timeout", "1")
                .containsEntry("max_db_connections", "0")
                .containsEntry("max_user_connections", "40")
                .containsEntry("server_idle_timeout", "300")
                .containsEntry("server_check_query", "SELECT 2");
    }

    @Test
    void serverResetQueryAlwaysOnlyWhenTheUserAsksForIt() {
        assertThat(render(null).config().pgbouncer()).doesNotContainKey("server_reset_query_always");
        assertThat(render(withParameters(Map.of())).ini()).doesNotContain("server_reset_query_always");

        RenderedPgBouncer asked = render(withParameters(Map.of("server_reset_query_always", "1")));

        assertThat(IniReader.parse(asked.ini()).get("pgbouncer")).containsEntry("server_reset_query_always", "1")
                .containsEntry("server_reset_query", "DISCARD ALL");
    }

    static Stream<String> ownedKeys() {
        return PgBouncerConfigRenderer.OWNED_PARAMETERS.keySet().stream();
    }

    @ParameterizedTest(name = "refuses parameter {0}")
    @MethodSource("ownedKeys")
    void refusesEveryOwnedKeyNamingItAndItsOwner(String key) {
        String owner = PgBouncerConfigRenderer.OWNED_PARAMETERS.get(key);

        assertThatThrownBy(() -> render(withParameters(Map.of(key, "1"))))
                .isInstanceOf(PgBouncerConfigException.class)
                .hasMessage("spec.pgbouncer.parameters." + key + ": " + key + " is set by " + owner + " and cannot be given here");
    }

    @Test
    void blockListHoldsTheOperatorsKeysAndTheTypedFields() {
        assertThat(PgBouncerConfigRenderer.OWNED_PARAMETERS).containsOnlyKeys("listen_addr", "listen_port", "auth_type",
                "auth_file", "auth_query", "auth_user", "auth_hba_file", "auth_dbname", "logfile", "pidfile", "unix_socket_dir", "pool_mode",
                "max_client_conn", "default_pool_size", "min_pool_size", "reserve_pool_size", "reserve_pool_timeout",
                "max_db_connections", "max_user_connections", "client_tls_sslmode", "client_tls_cert_file",
                "client_tls_key_file", "client_tls_ca_file", "server_tls_sslmode", "server_tls_ca_file",
                "server_tls_cert_file", "server_tls_key_file");
        assertThat(PgBouncerConfigRenderer.OWNED_PARAMETERS).containsEntry("pool_mode", "spec.pgbouncer.poolMode")
                .containsEntry("auth_type", "the operator");
    }

    @Test
    void everySettingTheRendererChangesFromTheDefaultsIsBlocked() {
        Map<String, String> rendered = render(null).config().pgbouncer();
        rendered.forEach((key, value) -> {
            if (!value.equals(PgBouncerDefaults.settings().get(key))) {
                assertThat(PgBouncerConfigRenderer.OWNED_PARAMETERS).as("forced %s", key).containsKey(key);
            }
        });
    }

    @Test
    void problemsReportsEveryMistakeAtOnce() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("auth_type", "trust");
        parameters.put("server_check_query", "SELECT 1\n[databases]");
        parameters.put("Bad-Key", "1");
        parameters.put("listen_port", "1;");
        PgBouncerSpec spec = withParameters(parameters);
        spec.minPoolSize = 25;

        List<Violation> problems = PgBouncerConfigRenderer.problems(spec);

        assertThat(problems).extracting(Violation::field).containsExactly(
                "spec.pgbouncer.parameters.auth_type",
                "spec.pgbouncer.parameters.server_check_query",
                "spec.pgbouncer.parameters.Bad-Key",
                "spec.pgbouncer.parameters.listen_port",
                "spec.pgbouncer.parameters.listen_port",
                "spec.pgbouncer.minPoolSize");
        assertThat(problems.get(5).message()).isEqualTo("minPoolSize 25 exceeds defaultPoolSize 20");
        assertThatThrownBy(() -> render(spec)).isInstanceOf(PgBouncerConfigException.class)
                .satisfies(e -> assertThat(((PgBouncerConfigException) e).problems()).isEqualTo(problems));
    }

    @Test
    void refusesAValueThatWouldBreakTheFileNamingTheParameter() {
        assertThatThrownBy(() -> render(withParameters(Map.of("server_check_query", "SELECT 1\nauth_type = trust"))))
                .isInstanceOf(PgBouncerConfigException.class)
                .hasMessage("spec.pgbouncer.parameters.server_check_query: value must be one line");
    }

    @Test
    void poolSizesAreJudgedWithTheDefaultsFilledIn() {
        PgBouncerSpec tooBigForClients = new PgBouncerSpec();
        tooBigForClients.defaultPoolSize = 101;
        tooBigForClients.maxDbConnections = 0;
        PgBouncerSpec tooBigForDatabase = new PgBouncerSpec();
        tooBigForDatabase.defaultPoolSize = 51;

        assertThat(PgBouncerConfigRenderer.problems(tooBigForClients)).containsExactly(
                new Violation("spec.pgbouncer.defaultPoolSize", "defaultPoolSize 101 exceeds maxClientConn 100"));
        assertThat(PgBouncerConfigRenderer.problems(tooBigForDatabase)).containsExactly(
                new Violation("spec.pgbouncer.defaultPoolSize", "defaultPoolSize 51 exceeds maxDbConnections 50"));
        assertThat(PgBouncerConfigRenderer.problems(new PgBouncerSpec())).isEmpty();
        assertThat(PgBouncerConfigRenderer.problems(null)).isEmpty();
    }

    @Test
    void readOnlyAliasOnlyWhenAskedAndOnlyWhenItFitsPgBouncersNameLimit() {
        PgBouncerSpec noReadOnly = new PgBouncerSpec();
        noReadOnly.readOnlyDatabase = false;
        assertThat(render(noReadOnly).config().databases()).containsOnlyKeys("workflow_db");

        String sixtyOne = "d".repeat(61);
        assertThatThrownBy(() -> PgBouncerConfigRenderer.render(input(null, sixtyOne)))
                .hasMessage("spec.database: at most 60 characters while pgbouncer.readOnlyDatabase adds the alias "
                        + sixtyOne + "_ro");
        assertThat(PgBouncerConfigRenderer.render(input(noReadOnly, sixtyOne)).config().databases()).containsOnlyKeys(sixtyOne);
        assertThat(PgBouncerConfigRenderer.render(input(null, "d".repeat(60))).config().databases()).hasSize(2);
    }

    @Test
    void refusesTheAdminConsoleNameAndNamesThatAreNotIdentifiers() {
        assertThatThrownBy(() -> PgBouncerConfigRenderer.render(input(null, "pgbouncer")))
                .hasMessage("spec.database: pgbouncer is the name of PgBouncer's admin console");
        assertThatThrownBy(() -> PgBouncerConfigRenderer.render(input(null, "db port=1")))
                .hasMessageStartingWith("spec.database: ");
    }

    @Test
    void refusesHostsThatAreNotDnsNames() {
        assertThatThrownBy(() -> new DatabaseEntry("db host=evil", 5432, "workflow_db")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DatabaseEntry("-db", 5432, "workflow_db")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DatabaseEntry("db", 0, "workflow_db")).isInstanceOf(IllegalArgumentException.class);
        assertThat(new DatabaseEntry("127.0.0.1", 5432, "workflow_db").connectionString())
                .isEqualTo("host=127.0.0.1 port=5432 dbname=workflow_db");
    }

    @Test
    void checksumIsTheSha256OfTheIniAndFollowsEveryChange() throws Exception {
        RenderedPgBouncer first = render(null);
        String expected = HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(first.ini().getBytes(StandardCharsets.UTF_8)));

        assertThat(first.checksum()).isEqualTo(expected).hasSize(64);
        assertThat(render(null).checksum()).isEqualTo(first.checksum());
        assertThat(render(withParameters(Map.of("server_idle_timeout", "301"))).checksum()).isNotEqualTo(first.checksum());
    }

    @Test
    void layoutDecidesPortAuthFileAndSocket() {
        PgBouncerRenderInput custom = new PgBouncerRenderInput(null, "workflow_db", "p", "r", 5433, "pooler_auth",
                new PgBouncerLayout(7000, "/auth/users.txt", "/var/run/pgbouncer"));

        assertThat(PgBouncerConfigRenderer.render(custom).config().pgbouncer())
                .containsEntry("listen_port", "7000")
                .containsEntry("auth_file", "/auth/users.txt")
                .containsEntry("unix_socket_dir", "/var/run/pgbouncer");
    }
}
