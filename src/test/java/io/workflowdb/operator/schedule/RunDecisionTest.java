package io.workflowdb.operator.schedule;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RunDecisionTest {

    enum Outcome {
        Running,
        Succeeded,
        Failed
    }

    record Run(Outcome outcome, String startedAt, long generation) {
    }

    static RunDecision decide(Run last, long generation, boolean suspend, Instant now) {
        return last == null ? RunDecision.decide(false, null, null, generation, suspend, WEEKLY, now)
                : RunDecision.decide(last.outcome() == Outcome.Running, last.generation(), last.startedAt(), generation,
                        suspend, WEEKLY, now);
    }

    /** The seed's weekly schedule: Sundays at 02:00 UTC. 2026-11-22 and 2026-11-29 are Sundays. */
    static final Schedule WEEKLY = Schedule.parse("0 2 * * 0");

    static Run run(Outcome outcome, String startedAt, long generation) {
        return new Run(outcome, startedAt, generation);
    }

    static RunDecision decide(Run last, String now) {
        return decide(last, 1, false, Instant.parse(now));
    }

    @Test
    void aPolicyThatNeverRanStartsAtOnce() {
        assertThat(decide(null, "2026-11-24T10:00:00Z")).isEqualTo(RunDecision.START);
    }

    @Test
    void aRunStartsOnceForEachScheduledTime() {
        Run last = run(Outcome.Succeeded, "2026-11-22T02:00:01Z", 1);
        assertThat(decide(last, "2026-11-28T23:59:59Z")).isEqualTo(RunDecision.WAIT);
        assertThat(decide(last, "2026-11-29T02:00:00Z")).isEqualTo(RunDecision.START);
        Run next = run(Outcome.Succeeded, "2026-11-29T02:00:00Z", 1);
        assertThat(decide(next, "2026-11-29T02:00:00Z")).as("not twice for one fire").isEqualTo(RunDecision.WAIT);
        assertThat(decide(next, "2026-11-29T09:00:00Z")).isEqualTo(RunDecision.WAIT);
    }

    @Test
    void aFireMissedWhileTheOperatorWasDownRunsWhenItReturnsAndOnlyOnce() {
        Run last = run(Outcome.Succeeded, "2026-11-22T02:00:01Z", 1);
        assertThat(decide(last, "2026-11-29T07:30:00Z")).as("down from 01:00 to 07:30").isEqualTo(RunDecision.START);
        Run late = run(Outcome.Succeeded, "2026-11-29T07:30:00Z", 1);
        assertThat(decide(late, "2026-11-29T07:31:00Z")).isEqualTo(RunDecision.WAIT);
    }

    @Test
    void aRunningRunContinuesAfterARestartWhateverTheClockSays() {
        Run running = run(Outcome.Running, "2026-11-22T02:00:01Z", 1);
        assertThat(decide(running, "2026-11-22T02:00:30Z")).isEqualTo(RunDecision.CONTINUE);
        assertThat(decide(running, "2026-11-29T02:00:30Z")).as("one run at a time").isEqualTo(RunDecision.CONTINUE);
    }

    @Test
    void aNewSpecStartsARunAtOnce() {
        Run last = run(Outcome.Succeeded, "2026-11-22T02:00:01Z", 1);
        assertThat(decide(last, 2, false, Instant.parse("2026-11-23T10:00:00Z")))
                .isEqualTo(RunDecision.START);
    }

    @Test
    void aFailedRunWaitsForTheScheduleOrANewSpec() {
        Run failed = run(Outcome.Failed, "2026-11-22T02:00:01Z", 1);
        assertThat(decide(failed, "2026-11-23T10:00:00Z")).isEqualTo(RunDecision.WAIT);
        assertThat(decide(failed, "2026-11-29T02:00:00Z")).isEqualTo(RunDecision.START);
    }

    @Test
    void suspendStartsNothingAndEndsTheRunInProgress() {
        assertThat(decide(null, 1, true, Instant.parse("2026-11-24T10:00:00Z")))
                .isEqualTo(RunDecision.WAIT);
        Run last = run(Outcome.Succeeded, "2026-11-22T02:00:01Z", 1);
        assertThat(decide(last, 2, true, Instant.parse("2026-11-29T03:00:00Z")))
                .isEqualTo(RunDecision.WAIT);
        Run running = run(Outcome.Running, "2026-11-22T02:00:01Z", 1);
        assertThat(decide(running, 1, true, Instant.parse("2026-11-22T02:01:00Z")))
                .isEqualTo(RunDecision.END_SUSPENDED);
    }
}
