package io.workflowdb.operator.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import io.workflowdb.operator.api.v1alpha1.SchemaStatus.SchemaFailure;
import io.workflowdb.operator.schema.SchemaRetries.Failing;
import io.workflowdb.operator.schema.SchemaRetries.Key;

class SchemaRetriesTest {

    static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    static final Key INDEX = new Key(SchemaRetries.INDEX, "idx_tasks_estimated_completion");
    static final Key VIEW = new Key(SchemaRetries.VIEW, "daily_task_metrics");
    static final Function<Key, String> DEFINITIONS = key -> key.equals(INDEX) ? "d1" : "v1";

    @Test
    void theWaitDoublesFromOneMinuteUpToAnHour() {
        assertThat(List.of(1, 2, 3, 4, 5, 6, 7, 8, 40).stream().map(SchemaRetries::wait).map(Duration::toMinutes))
                .containsExactly(1L, 2L, 4L, 8L, 16L, 32L, 60L, 60L, 60L);
    }

    @Test
    void aFirstFailureIsNewAndWaitsAMinute() {
        SchemaRetries.Recorded r = SchemaRetries.next(null, List.of(new Failing(INDEX, "not IMMUTABLE", "d1")), Map.of(), T0);
        assertThat(r.failures()).singleElement().satisfies(f -> {
            assertThat(f.attempts).isEqualTo(1);
            assertThat(f.since).isEqualTo("2026-12-07T10:00:00Z");
            assertThat(f.nextAttempt).isEqualTo("2026-12-07T10:01:00Z");
            assertThat(f.message).isEqualTo("not IMMUTABLE");
        });
        assertThat(r.newlyFailing()).hasSize(1);
    }

    @Test
    void aFailedObjectIsHeldUntilItsNextAttemptThenTriedAndWaitsLonger() {
        List<SchemaFailure> first = SchemaRetries.next(null, List.of(new Failing(INDEX, "not IMMUTABLE", "d1")), Map.of(), T0)
                .failures();
        Map<Key, String> held = SchemaRetries.held(first, DEFINITIONS, T0.plusSeconds(30), false);
        assertThat(held).containsEntry(INDEX, "not IMMUTABLE");
        SchemaRetries.Recorded whileHeld = SchemaRetries.next(first, List.of(new Failing(INDEX, "not IMMUTABLE", "d1")), held,
                T0.plusSeconds(30));
        assertThat(whileHeld.failures().get(0)).isSameAs(first.get(0));
        assertThat(whileHeld.newlyFailing()).isEmpty();

        assertThat(SchemaRetries.held(first, DEFINITIONS, T0.plusSeconds(60), false)).isEmpty();
        SchemaRetries.Recorded again = SchemaRetries.next(first, List.of(new Failing(INDEX, "not IMMUTABLE", "d1")), Map.of(),
                T0.plusSeconds(61));
        assertThat(again.failures().get(0).attempts).isEqualTo(2);
        assertThat(again.failures().get(0).since).isEqualTo("2026-12-07T10:00:00Z");
        assertThat(again.failures().get(0).nextAttempt).isEqualTo("2026-12-07T10:03:01Z");
        assertThat(again.newlyFailing()).isEmpty();
    }

    @Test
    void aChangedDefinitionOrARetryRequestIsTriedAtOnce() {
        List<SchemaFailure> first = SchemaRetries.next(null, List.of(new Failing(INDEX, "x", "d1"), new Failing(VIEW, "y", "v1")),
                Map.of(), T0).failures();
        assertThat(SchemaRetries.held(first, key -> key.equals(INDEX) ? "d2" : "v1", T0.plusSeconds(10), false))
                .containsOnlyKeys(VIEW);
        assertThat(SchemaRetries.held(first, DEFINITIONS, T0.plusSeconds(10), true)).isEmpty();
        SchemaRetries.Recorded changed = SchemaRetries.next(first, List.of(new Failing(INDEX, "z", "d2")), Map.of(),
                T0.plusSeconds(10));
        assertThat(changed.failures()).singleElement().satisfies(f -> assertThat(f.attempts).isEqualTo(1));
        assertThat(changed.newlyFailing()).hasSize(1);
    }

    @Test
    void anObjectThatNoLongerFailsIsForgotten() {
        List<SchemaFailure> first = SchemaRetries.next(null, List.of(new Failing(INDEX, "x", "d1")), Map.of(), T0).failures();
        assertThat(SchemaRetries.next(first, List.of(), Map.of(), T0.plusSeconds(90)).failures()).isEmpty();
    }
}
