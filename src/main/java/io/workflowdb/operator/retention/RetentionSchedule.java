package io.workflowdb.operator.retention;

import java.time.Instant;

import io.workflowdb.operator.api.v1alpha1.RetentionPolicyStatus.Run;
import io.workflowdb.operator.schedule.CronSchedule;
import io.workflowdb.operator.schedule.RunSchedule;

/**
 * When a RetentionPolicy's run starts, continues or waits, decided from {@code status.lastRun}
 * alone, so an operator restart neither skips nor repeats a run: a run is recorded as Running
 * before it moves a row, and a Running run continues wherever it stopped.
 */
public final class RetentionSchedule {

    public enum Decision {
        /** Record a new run (Running) before doing any work. */
        START,
        /** Work on the run in progress. */
        CONTINUE,
        /** The run in progress ends now because the policy was suspended. */
        END_SUSPENDED,
        /** Nothing to do until the next scheduled time. */
        WAIT
    }

    private RetentionSchedule() {
    }

    /**
     * A run starts when there was none, when the spec changed since the last one started, or when
     * the schedule fired after the last one started; never while suspended.
     */
    public static Decision decide(Run last, long generation, boolean suspend, CronSchedule schedule, Instant now) {
        if (last != null && last.outcome == Run.Outcome.Running) {
            return suspend ? Decision.END_SUSPENDED : Decision.CONTINUE;
        }
        if (suspend) {
            return Decision.WAIT;
        }
        if (last == null || last.startedAt == null || last.generation == null || last.generation != generation) {
            return Decision.START;
        }
        return RunSchedule.isDue(schedule, Instant.parse(last.startedAt), now) ? Decision.START : Decision.WAIT;
    }
}
