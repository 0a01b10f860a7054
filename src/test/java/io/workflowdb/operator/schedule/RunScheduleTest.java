package io.workflowdb.operator.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class RunScheduleTest {

    static final CronSchedule HOURLY = CronSchedule.parse("0 * * * *");

    @Test
    void theFirstRunIsAlwaysDue() {
        assertThat(RunSchedule.isDue(HOURLY, null, Instant.parse("2026-11-24T10:17:00Z"))).isTrue();
    }

    @Test
    void dueOnlyOnceTheScheduleFiredAfterTheLastStart() {
        Instant lastStart = Instant.parse("2026-11-24T10:00:05Z");
        assertThat(RunSchedule.isDue(HOURLY, lastStart, Instant.parse("2026-11-24T10:59:59Z"))).isFalse();
        assertThat(RunSchedule.isDue(HOURLY, lastStart, Instant.parse("2026-11-24T11:00:00Z"))).isTrue();
    }

    @Test
    void aRestartAfterAMissedFireRunsOnceNotTwice() {
        Instant lastStart = Instant.parse("2026-11-24T08:00:01Z");
        Instant now = Instant.parse("2026-11-24T11:30:00Z");
        assertThat(RunSchedule.isDue(HOURLY, lastStart, now)).as("missed fires are caught up").isTrue();
        assertThat(RunSchedule.isDue(HOURLY, now, now.plusSeconds(60))).as("one catch-up run covers them").isFalse();
    }

    @Test
    void nextIsStrictlyAfterNow() {
        assertThat(RunSchedule.next(HOURLY, Instant.parse("2026-11-24T11:00:00Z")))
                .contains(Instant.parse("2026-11-24T12:00:00Z"));
    }
}
