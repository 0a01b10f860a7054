package io.workflowdb.operator.policy;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.workflowdb.operator.api.v1alpha1.BaseStatus;
import io.workflowdb.operator.api.v1alpha1.Condition;
import io.workflowdb.operator.api.v1alpha1.ConditionTypes;
import io.workflowdb.operator.api.v1alpha1.ScheduledRunStatus;
import io.workflowdb.operator.schedule.CronSchedule;
import io.workflowdb.operator.schedule.RunDecision;
import io.workflowdb.operator.schedule.RunSchedule;
import io.workflowdb.operator.status.ConditionStatus;
import io.workflowdb.operator.status.ResourceEvents;
import io.workflowdb.operator.status.StatusAggregator;

/**
 * What the kinds with scheduled runs (RetentionPolicy, MaintenancePolicy) write alike between
 * runs: when the next run is, the Ready and LastRunSucceeded conditions, and the Event that ends
 * a run. Each kind's reason enum supplies the reasons.
 */
public final class ScheduledRuns {
    /** How often a suspended policy, or one whose schedule never fires again, looks again. */
    public static final Duration IDLE_RECHECK = Duration.ofHours(1);

    private ScheduledRuns() {
    }

    /** Whether to start, continue or end a run, or wait, from what status records of the last one. */
    public static RunDecision decide(HasMetadata policy, ScheduledRunStatus status, boolean suspend, CronSchedule schedule,
            Instant now) {
        return RunDecision.decide(status.runInProgress(), status.lastRunGeneration(), status.lastRunStartedAt(),
                generation(policy), suspend, schedule, now);
    }

    /** The policy's metadata.generation, 0 before the API server set one. */
    public static long generation(HasMetadata policy) {
        Long generation = policy.getMetadata().getGeneration();
        return generation == null ? 0 : generation;
    }

    /** RFC 3339 to the second, as status shows times. */
    public static String timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** Records the next fire in status; returns how long until a second past it. */
    public static Duration untilNext(ScheduledRunStatus status, CronSchedule schedule, Instant now) {
        Optional<Instant> next = RunSchedule.next(schedule, now);
        status.nextRunAt(next.map(ScheduledRuns::timestamp).orElse(null));
        return next.map(n -> Duration.between(now, n).plusSeconds(1)).orElse(IDLE_RECHECK);
    }

    /** No run starts while {@code spec.suspend} is set. */
    public static Duration suspended(ScheduledRunStatus status, StatusAggregator conditions, Enum<?> suspended) {
        status.nextRunAt(null);
        conditions.ready(suspended, "spec.suspend is set; no new run starts");
        return IDLE_RECHECK;
    }

    /**
     * Between runs: not Ready, for the reason it failed, while the last run's failure stands;
     * otherwise Ready, saying how the last run ended and when the next one is.
     *
     * @param failed the reason to show when the recorded one is not of this kind's enum
     */
    public static <S extends BaseStatus & ScheduledRunStatus, E extends Enum<E>> Duration waiting(S status,
            StatusAggregator conditions, CronSchedule schedule, Instant now, E scheduled, E failed) {
        Duration next = untilNext(status, schedule, now);
        Condition last = StatusAggregator.find(status, ConditionTypes.LAST_RUN_SUCCEEDED);
        if (last != null && ConditionStatus.False.name().equals(last.status)) {
            conditions.notReady(reasonOf(last, failed), last.message);
        } else {
            conditions.ready(scheduled, scheduledMessage(status));
        }
        return next;
    }

    /** A run ended well (succeeded, or incomplete to go on next time): Ready until the next. */
    public static <S extends BaseStatus & ScheduledRunStatus> Duration succeeded(S status, StatusAggregator conditions,
            CronSchedule schedule, Instant now, Enum<?> scheduled) {
        Duration next = untilNext(status, schedule, now);
        conditions.set(ConditionTypes.LAST_RUN_SUCCEEDED, ConditionStatus.True, scheduled, status.lastRunMessage());
        conditions.ready(scheduled, scheduledMessage(status));
        return next;
    }

    /** A run failed: not Ready, for that reason, until a run succeeds. */
    public static <S extends BaseStatus & ScheduledRunStatus> Duration failed(S status, StatusAggregator conditions,
            CronSchedule schedule, Instant now, Enum<?> reason, String message) {
        conditions.set(ConditionTypes.LAST_RUN_SUCCEEDED, ConditionStatus.False, reason, message);
        conditions.notReady(reason, message);
        return untilNext(status, schedule, now);
    }

    /** The one Event of a finished run: a Warning {@code RunFailed}, else a Normal {@code Run<Outcome>}. */
    public static void announce(ResourceEvents events, HasMetadata policy, Enum<?> outcome, String message) {
        if ("Failed".equals(outcome.name())) {
            events.warning(policy, "RunFailed", message);
        } else {
            events.normal(policy, "Run" + outcome.name(), message);
        }
    }

    private static String scheduledMessage(ScheduledRunStatus status) {
        String last = status.lastRunMessage() == null ? "" : "last run: " + status.lastRunMessage() + "; ";
        return last + "next run at " + status.nextRunAt();
    }

    private static <E extends Enum<E>> E reasonOf(Condition condition, E fallback) {
        try {
            return Enum.valueOf(fallback.getDeclaringClass(), condition.reason);
        } catch (IllegalArgumentException | NullPointerException e) {
            return fallback;
        }
    }
}
