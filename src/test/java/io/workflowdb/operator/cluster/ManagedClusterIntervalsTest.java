package io.workflowdb.operator.cluster;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.workflowdb.operator.cluster.observe.PatroniObservation;

import static org.assertj.core.api.Assertions.assertThat;

class ManagedClusterIntervalsTest {

    static final PatroniObservation.Member LEADER = new PatroniObservation.Member("m-0", "leader", "running", null, 1, false);

    @Test
    void aRunningClusterIsObservedEveryThirtySeconds() {
        PatroniObservation running = new PatroniObservation(null, List.of(LEADER), List.of(), null);
        assertThat(ManagedCluster.nextObservation(running, 10)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aClusterWithoutLeaderIsObservedSooner() {
        assertThat(ManagedCluster.nextObservation(PatroniObservation.unreachable("refused"), 10))
                .isEqualTo(Duration.ofSeconds(10));
        PatroniObservation starting = new PatroniObservation(null,
                List.of(new PatroniObservation.Member("m-0", "replica", "starting", null, null, false)), List.of(), null);
        assertThat(ManagedCluster.nextObservation(starting, 10)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void afterAPushedChangeTwoPatroniLoopsAndASecond() {
        PatroniObservation pushed = new PatroniObservation(null, List.of(LEADER), List.of("postgresql.parameters.work_mem"),
                null);
        assertThat(ManagedCluster.nextObservation(pushed, 10)).isEqualTo(Duration.ofSeconds(21));
        assertThat(ManagedCluster.nextObservation(pushed, 2)).isEqualTo(Duration.ofSeconds(5));
    }
}
