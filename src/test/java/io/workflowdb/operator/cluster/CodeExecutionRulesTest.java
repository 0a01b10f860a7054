package io.workflowdb.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.workflowdb.operator.api.v1alpha1.PostgresqlSpec;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabaseSpec;
import io.workflowdb.operator.cluster.patroni.PatroniConfigRenderer;
import io.workflowdb.operator.validation.Violation;

/** A WorkflowDatabase cannot choose code that runs as PostgreSQL, nor open pg_hba to password-less or clear-text logins. */
class CodeExecutionRulesTest {

    private static WorkflowDatabase database(Consumer<WorkflowDatabaseSpec> change) {
        WorkflowDatabase db = new WorkflowDatabase();
        db.setMetadata(new ObjectMetaBuilder().withName("workflow-db").withNamespace("apps").build());
        WorkflowDatabaseSpec spec = new WorkflowDatabaseSpec();
        spec.postgresql = new PostgresqlSpec();
        change.accept(spec);
        db.setSpec(spec);
        return db;
    }

    private static List<String> fields(WorkflowDatabase db, SpecAllowLists allow) {
        return WorkflowDatabaseRules.check(db, allow).stream().map(Violation::field).toList();
    }

    private static List<String> fields(WorkflowDatabase db) {
        return fields(db, SpecAllowLists.defaults());
    }

    @Test
    void imagesComeFromTheAllowList() {
        SpecAllowLists allow = new SpecAllowLists(List.of("ghcr.io/zalando/spilo-17", "registry.example.com/pg/",
                "quay.io/x/patroni:4.0.4"), List.of());
        for (String ok : List.of("ghcr.io/zalando/spilo-17:4.0-p2", "ghcr.io/zalando/spilo-17@sha256:abc",
                "ghcr.io/zalando/spilo-17", "registry.example.com/pg/patroni:17", "quay.io/x/patroni:4.0.4")) {
            assertThat(fields(database(s -> s.image = ok), allow)).as(ok).isEmpty();
        }
        for (String bad : List.of("ghcr.io/zalando/spilo-17-evil:1", "ghcr.io/zalando/spilo-170:1",
                "registry.example.com/pgx/patroni:17", "registry.example.com/pg/", "quay.io/x/patroni:4.0.5",
                "docker.io/attacker/postgres:17", "evil.example.com/ghcr.io/zalando/spilo-17:1")) {
            assertThat(fields(database(s -> s.image = bad), allow)).as(bad).containsExactly("spec.image");
        }
        assertThat(fields(database(s -> s.image = ClusterSettings.DEFAULT_PATRONI_IMAGE))).isEmpty();
        assertThat(fields(database(s -> { }))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"archive_command", "archive_library", "restore_command", "archive_cleanup_command",
            "recovery_end_command", "ssl_passphrase_command", "dynamic_library_path", "local_preload_libraries",
            "session_preload_libraries", "jit_provider", "extension_control_path", "oauth_validator_libraries"})
    void parametersThatRunCommandsOrLoadCodeAreRefused(String parameter) {
        WorkflowDatabase db = database(s -> s.postgresql.parameters = Map.of(parameter, "x"));
        assertThat(fields(db)).containsExactly("spec.postgresql.parameters." + parameter);
        assertThat(PatroniConfigRenderer.problems(db.getSpec())).isNotEmpty();
    }

    @Test
    void preloadLibrariesComeFromTheAllowList() {
        String field = "spec.postgresql.parameters.shared_preload_libraries";
        assertThat(fields(database(s -> s.postgresql.parameters = Map.of("shared_preload_libraries",
                "pg_stat_statements, auto_explain,\"pgaudit\"")))).isEmpty();
        assertThat(fields(database(s -> s.postgresql.parameters = Map.of("shared_preload_libraries", "timescaledb"))))
                .containsExactly(field);
        assertThat(fields(database(s -> s.postgresql.parameters = Map.of("shared_preload_libraries", "timescaledb")),
                new SpecAllowLists(List.of(), List.of("pg_stat_statements", "timescaledb")))).isEmpty();
        // a path is refused by the renderer too, whatever the allow-list
        assertThat(PatroniConfigRenderer.problems(database(s -> s.postgresql.parameters = Map.of(
                "shared_preload_libraries", "$libdir/../../tmp/evil")).getSpec())).extracting(Violation::field)
                .containsExactly(field);
    }

    @ParameterizedTest
    @ValueSource(strings = {"host all all 0.0.0.0/0 trust", "hostssl all all 10.0.0.0/8 trust", "local all all trust",
            "hostssl all all 10.0.0.0/8 password", "local all all PASSWORD", "host all all 10.0.0.0/8 scram-sha-256",
            "host all all all md5", "hostnossl all all 10.0.0.0 255.0.0.0 scram-sha-256", "host all postgres samehost scram-sha-256",
            "include /pgdata/evil.conf", "include_dir conf.d", "hostssl all all", "HOST all all 0.0.0.0/0 scram-sha-256"})
    void pgHbaLinesWithoutPasswordOrTlsAreRefused(String line) {
        assertThat(fields(database(s -> s.postgresql.pgHba = List.of(line)))).as(line)
                .containsExactly("spec.postgresql.pgHba[0]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"hostssl all all 10.0.0.0/8 scram-sha-256", "hostssl all all 10.0.0.0 255.0.0.0 scram-sha-256",
            "host all all 0.0.0.0/0 reject", "host all all 10.0.0.0 255.0.0.0 reject", "host all all 127.0.0.1/32 scram-sha-256",
            "host all all ::1/128 scram-sha-256", "local all all scram-sha-256", "hostssl all all all cert",
            "hostgssenc all all 10.0.0.0/8 gss", "# a comment"})
    void pgHbaLinesWithPasswordsOverTlsPass(String line) {
        assertThat(fields(database(s -> s.postgresql.pgHba = List.of(line)))).as(line).isEmpty();
    }

    @Test
    void theOperatorsOwnHostRulesAreNotTheUsersAndStillRender() {
        // no pgHba: the operator's defaults, which use host lines, render as before
        assertThat(PatroniConfigRenderer.problems(database(s -> { }).getSpec())).isEmpty();
    }
}
