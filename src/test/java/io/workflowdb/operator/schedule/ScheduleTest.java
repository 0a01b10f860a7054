package io.workflowdb.operator.schedule;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScheduleTest {

    private static final ZonedDateTime MONDAY_NOON = ZonedDateTime.of(2026, 11, 23, 12, 0, 0, 0, ZoneOffset.UTC);

    @Test
    void weeklyScheduleOfTheSeedRunsSundayAtTwo() {
        Schedule weekly = Schedule.parse("0 2 * * 0");
        assertThat(weekly.nextAfter(MONDAY_NOON)).contains(ZonedDateTime.of(2026, 11, 29, 2, 0, 0, 0, ZoneOffset.UTC));
        assertThat(weekly.lastAtOrBefore(MONDAY_NOON)).contains(ZonedDateTime.of(2026, 11, 22, 2, 0, 0, 0, ZoneOffset.UTC));
    }

    @Test
    void macrosAndNamesAsInKubernetesCronJobs() {
        assertThat(Schedule.parse("@hourly").nextAfter(MONDAY_NOON)).contains(MONDAY_NOON.plusHours(1));
        assertThat(Schedule.parse("@daily").nextAfter(MONDAY_NOON)).contains(MONDAY_NOON.plusHours(12));
        assertThat(Schedule.parse("30 1 * JAN MON-FRI").nextAfter(MONDAY_NOON).orElseThrow().getMonthValue())
                .isEqualTo(1);
    }

    @Test
    void anExecutionInstantIsItsOwnLastExecution() {
        ZonedDateTime two = ZonedDateTime.of(2026, 11, 22, 2, 0, 0, 0, ZoneOffset.UTC);
        assertThat(Schedule.parse("0 2 * * 0").lastAtOrBefore(two)).contains(two);
    }

    @ParameterizedTest
    @ValueSource(strings = { "0 0 2 * * 0", "61 * * * *", "every day", "* * *", "0 2 * * 8", "" })
    void rejectsWhatKubernetesWouldReject(String expression) {
        assertThatThrownBy(() -> Schedule.parse(expression)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("null");
    }

    @Test
    void sixFieldsAreNamedInTheMessage() {
        assertThatThrownBy(() -> Schedule.parse("0 0 2 * * 0")).hasMessageContaining("6 fields; expected 5");
    }

    @Test
    void aWindowIsOpenFromEachFireForItsLength() {
        Schedule nightly = Schedule.window("0 1 * * *", java.time.Duration.ofHours(3));
        java.time.Instant fire = java.time.Instant.parse("2026-11-24T01:00:00Z");

        assertThat(nightly.isOpen(fire.minusSeconds(1))).isFalse();
        assertThat(nightly.windowEnd(fire)).contains(fire.plus(java.time.Duration.ofHours(3)));
        assertThat(nightly.isOpen(fire.plus(java.time.Duration.ofMinutes(179)))).isTrue();
        assertThat(nightly.isOpen(fire.plus(java.time.Duration.ofHours(3)))).as("the end is outside").isFalse();
        assertThat(Schedule.parse("0 1 * * *").isOpen(fire.minusSeconds(1))).as("no length: always open").isTrue();
        assertThatThrownBy(() -> Schedule.window("0 1 * * *", java.time.Duration.ZERO))
                .hasMessageContaining("positive");
    }
}
