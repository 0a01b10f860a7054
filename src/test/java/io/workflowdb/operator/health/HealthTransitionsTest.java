package io.workflowdb.operator.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.workflowdb.operator.api.v1alpha1.HealthStatus.Level;

class HealthTransitionsTest {

    static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    static final Duration REFRESH = Duration.ofMinutes(5);

    static HealthCheck check(String name, Level level) {
        return new HealthCheck(name, "", 1.0, "1", "> 0", level);
    }

    static HealthReport report(HealthCheck... checks) {
        Level overall = List.of(checks).stream().map(HealthCheck::level)
                .max((a, b) -> HealthEvaluator.severity(a) - HealthEvaluator.severity(b)).orElse(Level.OK);
        return new HealthReport(T0, overall, List.of(checks), Duration.ofMillis(3));
    }

    @Test
    void statusIsWrittenOnTheFirstSampleOnAChangedLevelAndOtherwiseOnlyAfterTheRefresh() {
        HealthReport ok = report(check("a", Level.OK), check("b", Level.OK));
        assertThat(HealthTransitions.shouldPublish(null, null, ok, T0, REFRESH)).isTrue();
        Map<String, Level> published = HealthTransitions.levels(ok);
        assertThat(HealthTransitions.shouldPublish(published, T0, ok, T0.plus(Duration.ofMinutes(4)), REFRESH)).isFalse();
        assertThat(HealthTransitions.shouldPublish(published, T0, ok, T0.plus(REFRESH), REFRESH)).isTrue();
        HealthReport warning = report(check("a", Level.OK), check("b", Level.WARNING));
        assertThat(HealthTransitions.shouldPublish(published, T0, warning, T0.plusSeconds(30), REFRESH)).isTrue();
        HealthReport replicaJoined = report(check("a", Level.OK), check("b", Level.OK), check("c", Level.OK));
        assertThat(HealthTransitions.shouldPublish(published, T0, replicaJoined, T0.plusSeconds(30), REFRESH)).isTrue();
    }

    @Test
    void degradedAndRecoveredNameOnlyTheChecksThatMoved() {
        Map<String, Level> before = Map.of("a", Level.OK, "b", Level.WARNING, "c", Level.CRITICAL);
        HealthReport now = report(check("a", Level.WARNING), check("b", Level.WARNING), check("c", Level.WARNING),
                check("d", Level.CRITICAL), check("e", Level.UNAVAILABLE));

        assertThat(HealthTransitions.degraded(before, now)).extracting(HealthCheck::name).containsExactly("a", "d");
        assertThat(HealthTransitions.recovered(before, now)).extracting(HealthCheck::name).containsExactly("c");
        assertThat(HealthTransitions.describe(HealthTransitions.degraded(before, now)))
                .isEqualTo("a WARNING (1, threshold > 0); d CRITICAL (1, threshold > 0)");
        assertThat(HealthTransitions.degraded(Map.of(), report(check("a", Level.OK)))).as("a first OK sample").isEmpty();
    }
}
