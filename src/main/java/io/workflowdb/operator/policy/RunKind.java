package io.workflowdb.operator.policy;

import java.time.Duration;

import io.workflowdb.operator.api.v1alpha1.ConditionTypes;

/**
 * What a kind of scheduled run is, for {@link ScheduledRuns}: its default schedule, its reasons, and
 * which of the two shapes of run it has.
 *
 * @param outcomeCondition     the condition that says how the last run ended
 * @param defaultSchedule      the cron schedule when spec.schedule is not set
 * @param settled              Ready's reason between runs while the last run ended well
 * @param running              Ready's reason while a resumable run goes on; null for whole runs
 * @param suspended            Ready's reason while spec.suspend is set; null when the kind has none
 * @param retryAfterFailure    how soon a failed run is tried again before its schedule fires; null to wait for it
 * @param resumable            runs are recorded as Running before any work and go on in slices, across
 *                             operator restarts; otherwise a run starts and ends within one reconcile
 *                             and simply runs again after a crash
 * @param announcesRuns        every finished run is announced by one Event ({@code RunSucceeded}, {@code RunFailed}, …)
 * @param readyRestatesOutcome between runs Ready restates the outcome condition whatever it says (it
 *                             describes what the kind keeps, such as partitions); otherwise only a
 *                             failure is restated, and a good outcome shows the hook's settled message
 */
public record RunKind(String outcomeCondition, String defaultSchedule, Enum<?> settled, Enum<?> running,
        Enum<?> suspended, Duration retryAfterFailure, boolean resumable, boolean announcesRuns,
        boolean readyRestatesOutcome) {

    /** Runs that work in slices, may be suspended, and end with an Event and LastRunSucceeded. */
    public static RunKind resumable(String defaultSchedule, Enum<?> settled, Enum<?> running, Enum<?> suspended) {
        return new RunKind(ConditionTypes.LAST_RUN_SUCCEEDED, defaultSchedule, settled, running, suspended, null, true,
                true, false);
    }

    /** Runs done whole in one reconcile, whose outcome condition describes what they keep; retried after a failure. */
    public static RunKind whole(String outcomeCondition, String defaultSchedule, Enum<?> settled,
            Duration retryAfterFailure) {
        return new RunKind(outcomeCondition, defaultSchedule, settled, null, null, retryAfterFailure, false, false, true);
    }
}
