package io.workflowdb.operator.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.workflowdb.operator.api.v1alpha1.RetentionPolicyStatus.Run;
import io.workflowdb.operator.api.v1alpha1.RetentionPolicyStatus.Run.Outcome;
import io.workflowdb.operator.retention.RetentionSchedule.Decision;
import io.workflowdb.operator.schedule.CronSchedule;

class RetentionScheduleTest {

    /** The seed's weekly schedule: Sundays at 02:00 UTC. 2026-11-22 and 2026-11-29 are Sundays. */
    static final CronSchedule WEEKLY = CronSchedule.parse("0 2 * * 0");

    static Run run(Outcome outcome, String startedAt, long generation) {
        Run run = new Run();
        run.outcome = outcome;
        run.startedAt = startedAt;
        run.generation = generation;
        return run;
    }

    static Decision decide(Run last, String now) {
        return RetentionSchedule.decide(last, 1, false, WEEKLY, Instant.parse(now));
    }

    @Test
    void aPolicyThatNeverRanStartsAtOnce() {
        assertThat(decide(null, "2026-11-24T10:00:00Z")).isEqualTo(Decision.START);
    }

    @Test
    void aRunStartsOnceForEachScheduledTime() {
        Run last = run(Outcome.Succeeded, "2026-11-22T02:00:01Z", 1);
        assertThat(decide(last, "2026-11-28T23:59:59Z")).isEqualTo(Decision.WAIT);
        assertThat(decide(last, "2026-11-29T02:00:00Z")).isEqualTo(Decision.START);
        Run next = run(Outcome.Succeeded, "2026-11-29T02:00:00Z", 1);
        assertThat(decide(next, "2026-11-29T02:00:00Z")).as("not twice for one fire").isEqualTo(Decision.WAIT);
        assertThat(decide(next, "2026-11-29T09:00:00Z")).isEqualTo(Decision.WAIT);
    }

    @Test
    void aFireMissedWhileTheOperatorWasDownRunsWhenItReturnsAndOnlyOnce() {
        Run last = run(Outcome.Succeeded, "2026-11-22T02:00:01Z", 1);
        assertThat(decide(last, "2026-11-29T07:30:00Z")).as("down from 01:00 to 07:30").isEqualTo(Decision.START);
        Run late = run(Outcome.Succeeded, "2026-11-29T07:30:00Z", 1);
        assertThat(decide(late, "2026-11-29T07:31:00Z")).isEqualTo(Decision.WAIT);
    }

    @Test
    void aRunningRunContinuesAfterARestartWhateverTheClockSays() {
        Run running = run(Outcome.Running, "2026-11-22T02:00:01Z", 1);
        assertThat(decide(running, "2026-11-22T02:00:30Z")).isEqualTo(Decision.CONTINUE);
        assertThat(decide(running, "2026-11-29T02:00:30Z")).as("one run at a time").isEqualTo(Decision.CONTINUE);
    }

    @Test
    void aNewSpecStartsARunAtOnce() {
        Run last = run(Outcome.Succeeded, "2026-11-22T02:00:01Z", 1);
        assertThat(RetentionSchedule.decide(last, 2, false, WEEKLY, Instant.parse("2026-11-23T10:00:00Z")))
                .isEqualTo(Decision.START);
    }

    @Test
    void aFailedRunWaitsForTheScheduleOrANewSpec() {
        Run failed = run(Outcome.Failed, "2026-11-22T02:00:01Z", 1);
        assertThat(decide(failed, "2026-11-23T10:00:00Z")).isEqualTo(Decision.WAIT);
        assertThat(decide(failed, "2026-11-29T02:00:00Z")).isEqualTo(Decision.START);
    }

    @Test
    void suspendStartsNothingAndEndsTheRunInProgress() {
        assertThat(RetentionSchedule.decide(null, 1, true, WEEKLY, Instant.parse("2026-11-24T10:00:00Z")))
                .isEqualTo(Decision.WAIT);
        Run last = run(Outcome.Succeeded, "2026-11-22T02:00:01Z", 1);
        assertThat(RetentionSchedule.decide(last, 2, true, WEEKLY, Instant.parse("2026-11-29T03:00:00Z")))
                .isEqualTo(Decision.WAIT);
        Run running = run(Outcome.Running, "2026-11-22T02:00:01Z", 1);
        assertThat(RetentionSchedule.decide(running, 1, true, WEEKLY, Instant.parse("2026-11-22T02:01:00Z")))
                .isEqualTo(Decision.END_SUSPENDED);
    }
}
