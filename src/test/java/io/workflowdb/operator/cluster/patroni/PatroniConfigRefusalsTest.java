package io.workflowdb.operator.cluster.patroni;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.workflowdb.operator.api.v1alpha1.PatroniSpec;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabaseSpec;
import io.workflowdb.operator.validation.Violation;

import static io.workflowdb.operator.cluster.patroni.PatroniFixtures.etcd;
import static io.workflowdb.operator.cluster.patroni.PatroniFixtures.parameters;
import static io.workflowdb.operator.cluster.patroni.PatroniFixtures.render;
import static io.workflowdb.operator.cluster.patroni.PatroniFixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the Patroni renderer refuses to write, each refusal naming its field, and every one at once. */
class PatroniConfigRefusalsTest {

    static Stream<String> blockedParameters() {
        return PatroniConfigRenderer.BLOCKED_PARAMETERS.stream().sorted();
    }

    @ParameterizedTest
    @MethodSource("blockedParameters")
    void aBlockedParameterIsRefusedByName(String key) {
        WorkflowDatabaseSpec spec = spec(s -> s.postgresql.parameters = Map.of(key, "x", "work_mem", "8MB"));

        assertThatThrownBy(() -> render(spec))
                .isInstanceOf(PatroniConfigException.class)
                .hasMessageStartingWith("spec.postgresql.parameters." + key + ": ");
        assertThat(PatroniConfigRenderer.problems(spec)).extracting(Violation::field)
                .containsExactly("spec.postgresql.parameters." + key);
    }

    @Test
    void theBlockListCoversWhatPatroniAndThePodOwn() {
        assertThat(PatroniConfigRenderer.BLOCKED_PARAMETERS).contains("listen_addresses", "port", "data_directory",
                "hba_file", "ident_file", "config_file", "external_pid_file", "unix_socket_directories",
                "synchronous_standby_names", "cluster_name", "hot_standby", "primary_conninfo", "primary_slot_name",
                "restore_command");
    }

    @Test
    void synchronousStandbyNamesPointsToSynchronousMode() {
        WorkflowDatabaseSpec spec = spec(s -> s.postgresql.parameters = Map.of("synchronous_standby_names", "*"));

        assertThat(PatroniConfigRenderer.problems(spec)).singleElement()
                .extracting(Violation::message).asString().contains("spec.patroni.synchronousMode");
    }

    @ParameterizedTest
    @ValueSource(strings = { "minimal", "MINIMAL", " minimal " })
    void walLevelMinimalIsRefused(String value) {
        WorkflowDatabaseSpec spec = spec(s -> s.postgresql.parameters = Map.of("wal_level", value));

        assertThatThrownBy(() -> render(spec)).isInstanceOf(PatroniConfigException.class)
                .hasMessageContaining("spec.postgresql.parameters.wal_level")
                .hasMessageContaining("disables replication");
    }

    @ParameterizedTest
    @ValueSource(strings = { "replica", "logical" })
    void walLevelReplicaOrLogicalIsKept(String value) {
        assertThat(parameters(Map.of("wal_level", value))).containsEntry("wal_level", value);
    }

    @ParameterizedTest
    @ValueSource(strings = { "8MB\nport = 5433", "8MB\r", "8MB\0" })
    void aValueThatBreaksTheLineIsRefused(String value) {
        WorkflowDatabaseSpec spec = spec(s -> s.postgresql.parameters = Map.of("work_mem", value));

        assertThatThrownBy(() -> render(spec)).isInstanceOf(PatroniConfigException.class)
                .hasMessage("spec.postgresql.parameters.work_mem: value must be one line without NUL");
    }

    @ParameterizedTest
    @ValueSource(strings = { "work mem", "work_mem = 1", "Work_Mem", "1work_mem" })
    void aKeyThatIsNoParameterNameIsRefused(String key) {
        WorkflowDatabaseSpec spec = spec(s -> s.postgresql.parameters = Map.of(key, "1"));

        assertThat(PatroniConfigRenderer.problems(spec)).singleElement()
                .isEqualTo(new Violation("spec.postgresql.parameters." + key, "\"" + key + "\" is not a PostgreSQL parameter name"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "max_connections=24", "max_connections=lots", "max_wal_senders=2",
            "max_replication_slots=3", "max_worker_processes=1", "max_locks_per_transaction=31",
            "max_prepared_transactions=-1" })
    void aValuePatroniWouldIgnoreIsRefused(String assignment) {
        String[] parts = assignment.split("=");
        WorkflowDatabaseSpec spec = spec(s -> s.postgresql.parameters = Map.of(parts[0], parts[1]));

        assertThat(PatroniConfigRenderer.problems(spec)).singleElement()
                .satisfies(p -> assertThat(p.field()).isEqualTo("spec.postgresql.parameters." + parts[0]))
                .extracting(Violation::message).asString().contains("Patroni ignores");
    }

    @Test
    void theMinimumsThemselvesAreAccepted() {
        assertThat(parameters(Map.of("max_connections", "25", "max_wal_senders", "3", "max_replication_slots", "4",
                "max_worker_processes", "2", "max_locks_per_transaction", "32", "max_prepared_transactions", "0")))
                .containsEntry("max_connections", "25")
                .containsEntry("max_prepared_transactions", "0");
    }

    @Test
    void aParameterWithoutValueIsRefused() {
        Map<String, String> parameters = new TreeMap<>();
        parameters.put("work_mem", null);
        WorkflowDatabaseSpec spec = spec(s -> s.postgresql.parameters = parameters);

        assertThat(PatroniConfigRenderer.problems(spec)).containsExactly(
                new Violation("spec.postgresql.parameters.work_mem", "needs a value"));
    }

    @Test
    void aPgHbaLineThatBreaksTheFileIsRefused() {
        List<String> lines = new ArrayList<>(List.of("hostssl all all 10.0.0.0/8 scram-sha-256",
                "host all all all trust\nlocal all all trust", "host all all all reject\0"));
        lines.add(null);
        WorkflowDatabaseSpec spec = spec(s -> s.postgresql.pgHba = lines);

        assertThat(PatroniConfigRenderer.problems(spec)).extracting(Violation::field)
                .containsExactly("spec.postgresql.pgHba[1]", "spec.postgresql.pgHba[2]", "spec.postgresql.pgHba[3]");
        assertThatThrownBy(() -> render(spec)).isInstanceOf(PatroniConfigException.class)
                .hasMessageContaining("spec.postgresql.pgHba[1]: must be one line without NUL");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        WorkflowDatabaseSpec spec = spec(s -> {
            s.postgresql.parameters = Map.of("port", "5433", "wal_level", "minimal", "work_mem", "1\n2");
            s.postgresql.pgHba = List.of("local all all trust\n");
            s.patroni = new PatroniSpec();
            s.patroni.dcs = PatroniSpec.Dcs.ETCD;
        });

        assertThat(PatroniConfigRenderer.problems(spec)).extracting(Violation::field).containsExactly(
                "spec.postgresql.parameters.port", "spec.postgresql.parameters.wal_level",
                "spec.postgresql.parameters.work_mem", "spec.postgresql.pgHba[0]", "spec.patroni.etcd.hosts");
        assertThatThrownBy(() -> render(spec)).isInstanceOfSatisfying(PatroniConfigException.class,
                e -> assertThat(e.problems()).hasSize(5));
    }

    @Test
    void etcdHostsMustBeHostPorts() {
        WorkflowDatabaseSpec spec = etcd("etcd-0:2379", "etcd-1:99999", "etcd 2:2379");

        assertThat(PatroniConfigRenderer.problems(spec)).extracting(Violation::field)
                .containsExactly("spec.patroni.etcd.hosts[1]", "spec.patroni.etcd.hosts[2]");
    }

    @Test
    void aValidSpecHasNoProblems() {
        assertThat(PatroniConfigRenderer.problems(PatroniFixtures.read(PatroniFixtures.EXAMPLE).getSpec())).isEmpty();
        assertThat(PatroniConfigRenderer.problems(PatroniFixtures.read(PatroniFixtures.MAXIMAL).getSpec())).isEmpty();
    }
}
