package io.workflowdb.operator.cluster.patroni;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

class DynamicConfigDiffTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void nothingToDoWhenPatroniHasTheRenderedConfiguration() throws Exception {
        Map<String, Object> desired = PatroniFixtures.render(PatroniFixtures.MAXIMAL).dynamicConfiguration();
        // what GET /config answers after bootstrap: the same content, through JSON
        Map<String, Object> current = JSON.readValue(JSON.writeValueAsString(desired), new TypeReference<>() {
        });

        assertThat(DynamicConfigDiff.patch(desired, current)).isEmpty();
    }

    @Test
    void everythingWhenPatroniHasNothing() {
        Map<String, Object> desired = PatroniFixtures.render(PatroniFixtures.EXAMPLE).dynamicConfiguration();

        assertThat(DynamicConfigDiff.patch(desired, Map.of())).isEqualTo(desired);
        assertThat(DynamicConfigDiff.patch(desired, null)).isEqualTo(desired);
    }

    @Test
    void onlyTheChangedScalarsAreSent() {
        Map<String, Object> desired = Map.of("ttl", 20, "loop_wait", 10, "synchronous_mode", false);
        Map<String, Object> current = Map.of("ttl", 30, "loop_wait", 10, "synchronous_mode", true);

        assertThat(DynamicConfigDiff.patch(desired, current)).containsExactlyInAnyOrderEntriesOf(
                Map.of("ttl", 20, "synchronous_mode", false));
    }

    @Test
    void scalarsCompareByTheirText() {
        Map<String, Object> desired = Map.of("maximum_lag_on_failover", 1048576L,
                "postgresql", Map.of("parameters", Map.of("max_connections", "100", "random_page_cost", "1.1")));
        Map<String, Object> current = Map.of("maximum_lag_on_failover", 1048576,
                "postgresql", Map.of("parameters", Map.of("max_connections", 100, "random_page_cost", 1.1)));

        assertThat(DynamicConfigDiff.patch(desired, current)).isEmpty();
    }

    @Test
    void aChangedParameterIsSentAloneInsideItsMaps() {
        Map<String, Object> desired = config(Map.of("work_mem", "8MB", "shared_buffers", "256MB"));
        Map<String, Object> current = config(Map.of("work_mem", "4MB", "shared_buffers", "256MB"));

        assertThat(DynamicConfigDiff.patch(desired, current))
                .isEqualTo(Map.of("postgresql", Map.of("parameters", Map.of("work_mem", "8MB"))));
    }

    @Test
    void aParameterDroppedFromTheSpecIsRemoved() {
        Map<String, Object> desired = config(Map.of("shared_buffers", "256MB"));
        Map<String, Object> current = config(Map.of("shared_buffers", "256MB", "work_mem", "4MB"));

        Map<String, Object> parameters = new HashMap<>();
        parameters.put("work_mem", null);
        assertThat(DynamicConfigDiff.patch(desired, current))
                .isEqualTo(Map.of("postgresql", Map.of("parameters", parameters)));
    }

    @Test
    void aNewParameterIsAdded() {
        assertThat(DynamicConfigDiff.patch(config(Map.of("a", "1", "b", "2")), config(Map.of("a", "1"))))
                .isEqualTo(Map.of("postgresql", Map.of("parameters", Map.of("b", "2"))));
    }

    @Test
    void keysTheOperatorDoesNotRenderAreLeftAlone() {
        Map<String, Object> desired = Map.of("ttl", 30, "postgresql", Map.of("use_pg_rewind", true));
        Map<String, Object> current = Map.of("ttl", 30, "pause", true, "failsafe_mode", true,
                "standby_cluster", Map.of("host", "elsewhere"),
                "postgresql", Map.of("use_pg_rewind", true, "use_slots", false, "pg_ident", List.of("m a b")));

        assertThat(DynamicConfigDiff.patch(desired, current)).isEmpty();
    }

    @Test
    void listsAreReplacedWhole() {
        List<String> rules = List.of("local all all scram-sha-256", "host all all all scram-sha-256");
        Map<String, Object> desired = Map.of("postgresql", Map.of("pg_hba", rules));

        assertThat(DynamicConfigDiff.patch(desired, Map.of("postgresql", Map.of("pg_hba", rules)))).isEmpty();
        assertThat(DynamicConfigDiff.patch(desired, Map.of("postgresql", Map.of("pg_hba", List.of(rules.get(1), rules.get(0))))))
                .isEqualTo(desired);
        assertThat(DynamicConfigDiff.patch(desired, Map.of("postgresql", Map.of("pg_hba", List.of(rules.get(0))))))
                .isEqualTo(desired);
        assertThat(DynamicConfigDiff.patch(desired, Map.of("postgresql", Map.of("pg_hba", "not a list"))))
                .isEqualTo(desired);
    }

    @Test
    void aMapReplacesAScalarAndTheOtherWayRound() {
        Map<String, Object> nested = Map.of("parameters", Map.of("a", "1"));

        assertThat(DynamicConfigDiff.patch(Map.of("postgresql", nested), Map.of("postgresql", "oops")))
                .isEqualTo(Map.of("postgresql", nested));
        assertThat(DynamicConfigDiff.patch(Map.of("ttl", 30), Map.of("ttl", Map.of("x", 1))))
                .isEqualTo(Map.of("ttl", 30));
    }

    @Test
    void aDesiredNullRemovesAKeyThatIsThere() {
        Map<String, Object> desired = new HashMap<>();
        desired.put("synchronous_node_count", null);

        assertThat(DynamicConfigDiff.patch(desired, Map.of("synchronous_node_count", 2))).isEqualTo(desired);
        assertThat(DynamicConfigDiff.patch(desired, Map.of())).isEmpty();
    }

    @Test
    void turningSynchronousReplicationOffIsSent() {
        Map<String, Object> on = PatroniFixtures.render(PatroniFixtures.MAXIMAL).dynamicConfiguration();
        Map<String, Object> off = new LinkedHashMap<>(on);
        off.put("synchronous_mode", false);
        off.put("synchronous_mode_strict", false);
        off.remove("synchronous_node_count");

        assertThat(DynamicConfigDiff.patch(off, on)).isEqualTo(Map.of("synchronous_mode", false,
                "synchronous_mode_strict", false));
    }

    private static Map<String, Object> config(Map<String, String> parameters) {
        return Map.of("ttl", 30, "postgresql", Map.of("use_slots", true, "parameters", parameters));
    }
}
