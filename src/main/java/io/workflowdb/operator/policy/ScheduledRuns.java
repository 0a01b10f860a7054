package io.workflowdb.operator.policy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.workflowdb.operator.api.v1alpha1.Condition;
import io.workflowdb.operator.api.v1alpha1.ConditionTypes;
import io.workflowdb.operator.api.v1alpha1.PolicyStatus;
import io.workflowdb.operator.api.v1alpha1.RunRecord;
import io.workflowdb.operator.api.v1alpha1.RunRecord.Outcome;
import io.workflowdb.operator.api.v1alpha1.ScheduledSpec;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.schedule.RunDecision;
import io.workflowdb.operator.schedule.Schedule;
import io.workflowdb.operator.status.ConditionStatus;
import io.workflowdb.operator.status.ResourceEvents;
import io.workflowdb.operator.status.StatusAggregator;

/**
 * The one state machine of a scheduled run, for every policy kind: decides from status alone
 * whether a run starts, continues, ends or waits (so an operator restart neither skips nor repeats
 * a run), asks the kind's {@link RunHook} for one slice of work, and writes what every kind writes
 * alike: the run record, {@code nextRun}, the outcome condition, Ready, and one Event per run.
 */
@ApplicationScoped
public class ScheduledRuns {

    /** How often a suspended policy, or one whose schedule never fires again, looks again. */
    public static final Duration IDLE_RECHECK = Duration.ofHours(1);
    /** How soon a resumable run goes on after its start is recorded or a slice made progress. */
    public static final Duration NEXT_SLICE = Duration.ofMillis(100);

    @Inject
    ResourceEvents events;

    @Inject
    Clock clock;

    public ScheduledRuns() {
    }

    /** For tests outside a container. */
    public ScheduledRuns(ResourceEvents events, Clock clock) {
        this.events = events;
        this.clock = clock;
    }

    /** @return when to look again */
    public <P extends CustomResource<? extends ScheduledSpec, ? extends PolicyStatus<?>>> Duration run(P policy,
            WorkflowDatabase database, StatusAggregator conditions, RunHook<P> hook) {
        PolicyStatus<?> status = policy.getStatus();
        RunKind kind = hook.kind();
        String expression = policy.getSpec().schedule();
        Schedule schedule = Schedule.parse(expression == null ? kind.defaultSchedule() : expression);
        Instant now = clock.instant();
        switch (decide(policy, kind, schedule, now)) {
            case START -> {
                RunRecord run = status.startRun();
                run.generation = generation(policy);
                run.startedAt = timestamp(now);
                run.outcome = Outcome.Running;
                run.message = "started";
                status.nextRun = null;
                if (!kind.resumable()) {
                    return step(policy, database, conditions, hook, run, schedule);
                }
                conditions.ready(kind.running(), "run started at " + run.startedAt);
                return NEXT_SLICE;
            }
            case CONTINUE -> {
                return step(policy, database, conditions, hook, status.lastRun, schedule);
            }
            case END_SUSPENDED -> {
                RunRecord run = status.lastRun;
                finish(policy, kind, run, Outcome.Incomplete, hook.suspendedMessage(policy, run));
                return suspended(status, conditions, kind);
            }
            default -> {
                return policy.getSpec().suspended() ? suspended(status, conditions, kind)
                        : settle(policy, conditions, hook, schedule, now);
            }
        }
    }

    /** Start, continue, end or wait, from what status records of the last run. */
    static RunDecision decide(CustomResource<? extends ScheduledSpec, ? extends PolicyStatus<?>> policy, RunKind kind,
            Schedule schedule, Instant now) {
        RunRecord last = policy.getStatus().lastRun;
        boolean suspended = policy.getSpec().suspended();
        RunDecision decision = last == null
                ? RunDecision.decide(false, null, null, generation(policy), suspended, schedule, now)
                : RunDecision.decide(last.running(), last.generation, last.startedAt, generation(policy), suspended,
                        schedule, now);
        Duration retry = kind.retryAfterFailure();
        if (decision == RunDecision.WAIT && !suspended && retry != null && last != null
                && last.outcome == Outcome.Failed && last.finishedAt != null
                && !now.isBefore(Instant.parse(last.finishedAt).plus(retry))) {
            return RunDecision.START;
        }
        return decision;
    }

    private <P extends CustomResource<? extends ScheduledSpec, ? extends PolicyStatus<?>>> Duration step(P policy,
            WorkflowDatabase database, StatusAggregator conditions, RunHook<P> hook, RunRecord run, Schedule schedule) {
        PolicyStatus<?> status = policy.getStatus();
        RunKind kind = hook.kind();
        RunStep step = hook.work(policy, database, run, clock.instant());
        if (step instanceof RunStep.Continue going) {
            run.message = going.message();
            if (going.ready()) {
                conditions.ready(going.reason(), going.message());
            } else {
                conditions.notReady(going.reason(), going.message());
            }
            return going.after();
        }
        if (step instanceof RunStep.Fail failed) {
            finish(policy, kind, run, Outcome.Failed, failed.message());
            conditions.set(kind.outcomeCondition(), ConditionStatus.False, failed.reason(), failed.message());
            conditions.notReady(failed.reason(), failed.message());
            Duration untilNext = untilNext(status, schedule, clock.instant());
            return kind.retryAfterFailure() != null ? kind.retryAfterFailure() : untilNext;
        }
        RunStep.Finish finished = (RunStep.Finish) step;
        finish(policy, kind, run, finished.outcome(), finished.message());
        Duration next = untilNext(status, schedule, clock.instant());
        conditions.set(kind.outcomeCondition(), ConditionStatus.True, kind.settled(), hook.outcomeMessage(policy, run));
        conditions.ready(kind.settled(), hook.settledMessage(policy));
        return next;
    }

    /**
     * Between runs: Ready follows the outcome condition while the last run's failure stands (so a
     * Ready=False the gate wrote while the database was away does not outlast its return);
     * otherwise Ready, saying how the last run ended and when the next one is.
     */
    private <P extends CustomResource<? extends ScheduledSpec, ? extends PolicyStatus<?>>> Duration settle(P policy,
            StatusAggregator conditions, RunHook<P> hook, Schedule schedule, Instant now) {
        PolicyStatus<?> status = policy.getStatus();
        RunKind kind = hook.kind();
        Duration next = untilNext(status, schedule, now);
        Condition outcome = StatusAggregator.find(status, kind.outcomeCondition());
        if (outcome != null && (kind.readyRestatesOutcome() || ConditionStatus.False.name().equals(outcome.status))) {
            conditions.follow(ConditionTypes.READY, outcome);
        } else {
            conditions.ready(kind.settled(), hook.settledMessage(policy));
        }
        return next;
    }

    private static Duration suspended(PolicyStatus<?> status, StatusAggregator conditions, RunKind kind) {
        status.nextRun = null;
        conditions.ready(kind.suspended(), "spec.suspend is set; no new run starts");
        return IDLE_RECHECK;
    }

    /** Ends the run and, where the kind announces runs, says so in one Event. */
    private void finish(HasMetadata policy, RunKind kind, RunRecord run, Outcome outcome, String message) {
        run.outcome = outcome;
        run.message = message;
        run.finishedAt = timestamp(clock.instant());
        if (!kind.announcesRuns()) {
            return;
        }
        if (outcome == Outcome.Failed) {
            events.warning(policy, "RunFailed", message);
        } else {
            events.normal(policy, "Run" + outcome.name(), message);
        }
    }

    /** Records the next fire in status; returns how long until a second past it. */
    static Duration untilNext(PolicyStatus<?> status, Schedule schedule, Instant now) {
        Optional<Instant> next = schedule.next(now);
        status.nextRun = next.map(ScheduledRuns::timestamp).orElse(null);
        return next.map(n -> Duration.between(now, n).plusSeconds(1)).orElse(IDLE_RECHECK);
    }

    /** "last run: …; next run at …", Ready's message between runs of the kinds that report a run message. */
    public static String lastAndNext(PolicyStatus<?> status) {
        RunRecord last = status.lastRun;
        String lastRun = last == null || last.message == null ? "" : "last run: " + last.message + "; ";
        return lastRun + "next run at " + status.nextRun;
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

    /**
     * The key of one run in the database's progress table: kind, namespace, name and start, so a
     * resumed run finds the figures its committed batches recorded.
     */
    public static String progressKey(HasMetadata policy, RunRecord run) {
        return policyKey(policy) + "@" + run.startedAt;
    }

    /** The prefix every run of one policy shares in the progress table. */
    public static String policyKey(HasMetadata policy) {
        return policy.getKind() + "/" + policy.getMetadata().getNamespace() + "/" + policy.getMetadata().getName();
    }
}
