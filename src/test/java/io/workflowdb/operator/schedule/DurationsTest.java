package io.workflowdb.operator.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void parsesEachUnit() {
        assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(Durations.parse("90d")).isEqualTo(Duration.ofDays(90));
        assertThat(Durations.parse("1w")).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void rejectsOtherShapes() {
        for (String bad : new String[] { "90 days", "0s", "-5m", "5", "1h30m", "5x", "", " 90d", "90d\n", " 90d\n",
                "\n90d", "90d ", "9\n0d", "090d" }) {
            assertThatThrownBy(() -> Durations.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("such as 30s");
        }
    }

    @Test
    void eachUnitHasAMaximumSoThatNowMinusADurationStaysAfterYearOne() {
        assertThat(Durations.parse("999999s")).isEqualTo(Duration.ofSeconds(999999));
        assertThat(Durations.parse("999999h")).isEqualTo(Duration.ofHours(999999));
        assertThat(Durations.parse("99999d")).isEqualTo(Duration.ofDays(99999));
        assertThat(Durations.parse("9999w")).isEqualTo(Duration.ofDays(7 * 9999));
        for (String tooLong : new String[] { "1000000s", "1000000h", "100000d", "999999d", "10000w" }) {
            assertThatThrownBy(() -> Durations.parse(tooLong)).as(tooLong).hasMessageContaining("at most 999999s");
        }
        java.time.Instant now = java.time.Instant.parse("2025-01-01T00:00:00Z");
        assertThat(now.minus(Durations.parse("99999d")).atZone(java.time.ZoneOffset.UTC).getYear()).isGreaterThan(1700);
        assertThat(now.minus(Durations.parse("9999w")).atZone(java.time.ZoneOffset.UTC).getYear()).isGreaterThan(1700);
    }

    @Test
    void formatsWithTheLargestExactUnit() {
        assertThat(Durations.format(Duration.ofDays(14))).isEqualTo("2w");
        assertThat(Durations.format(Duration.ofHours(36))).isEqualTo("36h");
        assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
    }
}
