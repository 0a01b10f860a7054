package io.workflowdb.operator.schedule;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RunScheduleTest {

    static final Schedule HOURLY = Schedule.parse("0 * * * *");

    @Test
    void theFirstRunIsAlwaysDue() {
        assertThat(HOURLY.isDue(null, Instant.parse("2026-11-24T10:17:00Z"))).isTrue();
    }

    @Test
    void dueOnlyOnceTheScheduleFiredAfterTheLastStart() {
        Instant lastStart = Instant.parse("2026-11-24T10:00:05Z");
        assertThat(HOURLY.isDue(lastStart, Instant.parse("2026-11-24T10:59:59Z"))).isFalse();
        assertThat(HOURLY.isDue(lastStart, Instant.parse("2026-11-24T11:00:00Z"))).isTrue();
    }

    @Test
    void aRestartAfterAMissedFireRunsOnceNotTwice() {
        Instant lastStart = Instant.parse("2026-11-24T08:00:01Z");
        Instant now = Instant.parse("2026-11-24T11:30:00Z");
        assertThat(HOURLY.isDue(lastStart, now)).as("missed fires are caught up").isTrue();
        assertThat(HOURLY.isDue(now, now.plusSeconds(60))).as("one catch-up run covers them").isFalse();
    }

    @Test
    void nextIsStrictlyAfterNow() {
        assertThat(HOURLY.next(Instant.parse("2026-11-24T11:00:00Z")))
                .contains(Instant.parse("2026-11-24T12:00:00Z"));
    }
}
