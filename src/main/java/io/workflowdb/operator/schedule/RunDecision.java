package io.workflowdb.operator.schedule;

import java.time.Instant;

/**
 * When a scheduled policy's run starts, continues or waits, decided from what its status records
 * of the last run alone, so an operator restart neither skips nor repeats a run: a run is recorded
 * as running before it does any work, and a running run continues wherever it stopped.
 */
public enum RunDecision {
    /** Record a new run (running) before doing any work. */
    START,
    /** Work on the run in progress. */
    CONTINUE,
    /** The run in progress ends now because the policy was suspended. */
    END_SUSPENDED,
    /** Nothing to do until the next scheduled time. */
    WAIT;

    /**
     * A run starts when there was none, when the spec changed since the last one started, or when
     * the schedule fired after the last one started; never while suspended.
     *
     * @param running whether the last run is still in progress
     * @param lastGeneration the metadata.generation the last run started with, null when none
     * @param lastStartedAt when the last run started (RFC 3339), null when none
     */
    public static RunDecision decide(boolean running, Long lastGeneration, String lastStartedAt, long generation,
            boolean suspend, Schedule schedule, Instant now) {
        if (running) {
            return suspend ? END_SUSPENDED : CONTINUE;
        }
        if (suspend) {
            return WAIT;
        }
        if (lastStartedAt == null || lastGeneration == null || lastGeneration != generation) {
            return START;
        }
        return schedule.isDue(Instant.parse(lastStartedAt), now) ? START : WAIT;
    }
}
