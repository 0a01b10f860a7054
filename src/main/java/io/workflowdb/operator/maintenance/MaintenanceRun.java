package io.workflowdb.operator.maintenance;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.workflowdb.operator.api.v1alpha1.MaintenancePolicy;
import io.workflowdb.operator.api.v1alpha1.MaintenancePolicyReason;
import io.workflowdb.operator.api.v1alpha1.MaintenancePolicySpec;
import io.workflowdb.operator.api.v1alpha1.MaintenancePolicyStatus;
import io.workflowdb.operator.api.v1alpha1.MaintenancePolicyStatus.ActionResult;
import io.workflowdb.operator.api.v1alpha1.MaintenancePolicyStatus.LastRun;
import io.workflowdb.operator.api.v1alpha1.MaintenancePolicyStatus.LastRun.Outcome;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.connection.DatabaseDataSources;
import io.workflowdb.operator.maintenance.execute.MaintenanceExecutor;
import io.workflowdb.operator.maintenance.plan.MaintenancePlanner;
import io.workflowdb.operator.maintenance.plan.ReportKind;
import io.workflowdb.operator.policy.PolicyMetrics;
import io.workflowdb.operator.policy.ScheduledRuns;
import io.workflowdb.operator.schedule.CronSchedule;
import io.workflowdb.operator.sql.ServerMessages;
import io.workflowdb.operator.status.ResourceEvents;
import io.workflowdb.operator.status.StatusAggregator;

/**
 * The operator's side of a MaintenancePolicy: starts runs when {@link RunDecision} says so, records
 * each as Running before any work (so a restart neither skips nor repeats it), then works on its
 * actions in slices of about {@code workflowdb.maintenance.slice}, recording each slice's results in
 * status, bounded by maxDuration, and ends with the reports.
 *
 * <p>A run whose connection broke, or whose operator restarted, stays Running and resumes without
 * the actions it recorded; an action cut off by a crash runs again, which is safe since every
 * action is idempotent.
 */
@ApplicationScoped
public class MaintenanceRun {

    static final String DEFAULT_SCHEDULE = "0 1 * * *";
    /** How soon work continues: at once after a start, later after a broken connection or a held lock. */
    static final Duration NEXT_STEP = Duration.ofMillis(100);
    static final Duration RESUME_AFTER_INTERRUPTION = Duration.ofSeconds(30);
    /** How many failed or skipped actions a message names before it only counts. */
    static final int NAMED_IN_MESSAGE = 3;

    @Inject
    DatabaseDataSources databases;

    @Inject
    ResourceEvents events;

    @Inject
    PolicyMetrics metrics;

    @Inject
    Clock clock;

    /** The longest one action may run; keep it equal to {@link MaintenanceExecutor#DEFAULT_ACTION_TIMEOUT}. */
    @ConfigProperty(name = "workflowdb.maintenance.action-timeout", defaultValue = "10m")
    Duration actionTimeout;

    /** After this long in one reconcile no further action starts, so status shows progress. */
    @ConfigProperty(name = "workflowdb.maintenance.slice", defaultValue = "30s")
    Duration sliceBudget;

    /** @return when to look again */
    Duration run(MaintenancePolicy policy, WorkflowDatabase db, StatusAggregator conditions) {
        MaintenancePolicySpec spec = policy.getSpec();
        MaintenancePolicyStatus status = policy.getStatus();
        CronSchedule schedule = CronSchedule.parse(spec.schedule == null ? DEFAULT_SCHEDULE : spec.schedule);
        boolean suspend = Boolean.TRUE.equals(spec.suspend);
        Instant now = clock.instant();
        long generation = ScheduledRuns.generation(policy);
        LastRun last = status.lastRun;
        switch (ScheduledRuns.decide(policy, status, suspend, schedule, now)) {
            case START -> {
                start(status, generation, now, conditions);
                return NEXT_STEP;
            }
            case CONTINUE -> {
                return work(policy, db, conditions, schedule);
            }
            case END_SUSPENDED -> {
                finish(policy, Outcome.Incomplete, "suspended after " + actions(last.actions.size()));
                return ScheduledRuns.suspended(status, conditions, MaintenancePolicyReason.Suspended);
            }
            default -> {
                return waiting(status, conditions, schedule, suspend, now);
            }
        }
    }

    /** Records the run before any work, so a restart finds and continues it. */
    private void start(MaintenancePolicyStatus status, long generation, Instant now, StatusAggregator conditions) {
        LastRun run = new LastRun();
        run.generation = generation;
        run.startedAt = ScheduledRuns.timestamp(now);
        run.outcome = Outcome.Running;
        run.message = "started";
        status.lastRun = run;
        status.nextRun = null;
        conditions.ready(MaintenancePolicyReason.Running, "run started at " + run.startedAt);
    }

    private Duration work(MaintenancePolicy policy, WorkflowDatabase db, StatusAggregator conditions,
            CronSchedule schedule) {
        MaintenancePolicySpec spec = policy.getSpec();
        MaintenancePolicyStatus status = policy.getStatus();
        LastRun run = status.lastRun;
        Instant deadline = Instant.parse(run.startedAt).plus(MaintenancePlanner.maxDuration(spec));
        // reports are read again whole; actions an interrupted attempt recorded are not repeated
        Set<String> reportNames = Arrays.stream(ReportKind.values()).map(ReportKind::actionName)
                .collect(Collectors.toSet());
        run.actions.removeIf(a -> reportNames.contains(a.name));
        Set<String> done = run.actions.stream().map(a -> a.name).collect(Collectors.toSet());
        try (Connection c = databases.dataSource(db).getConnection()) {
            c.setAutoCommit(true);
            MaintenanceExecutor.Result result = MaintenanceExecutor.run(c, spec,
                    new MaintenanceExecutor.Limits(deadline, actionTimeout, clock.instant().plus(sliceBudget)), clock,
                    done, status.reports, action -> {
                        run.actions.add(action);
                        metrics.maintenanceAction(policy, action.outcome.name());
                    });
            if (result.lockHeld()) {
                run.message = "waiting: another maintenance run holds the lock on database " + result.database();
                conditions.ready(MaintenancePolicyReason.Running, run.message);
                return waitOrGiveUp(policy, conditions, schedule, deadline);
            }
            if (!result.finished()) {
                run.message = actions(run.actions.size()) + " done; the run goes on";
                conditions.ready(MaintenancePolicyReason.Running, run.message);
                return NEXT_STEP;
            }
            status.reports = result.reports();
            return ended(policy, conditions, schedule);
        } catch (SQLException e) {
            run.message = "interrupted after " + actions(run.actions.size()) + ": " + ServerMessages.primary(e)
                    + "; the run resumes";
            conditions.notReady(MaintenancePolicyReason.Interrupted, run.message);
            return waitOrGiveUp(policy, conditions, schedule, deadline);
        }
    }

    /** A run that cannot go on retries until its maxDuration has passed, then ends as it stands. */
    private Duration waitOrGiveUp(MaintenancePolicy policy, StatusAggregator conditions, CronSchedule schedule,
            Instant deadline) {
        if (clock.instant().isBefore(deadline)) {
            return RESUME_AFTER_INTERRUPTION;
        }
        LastRun run = policy.getStatus().lastRun;
        String message = "stopped at maxDuration after " + actions(run.actions.size()) + "; " + run.message;
        finish(policy, Outcome.Failed, message);
        return ScheduledRuns.failed(policy.getStatus(), conditions, schedule, clock.instant(), MaintenancePolicyReason.Interrupted,
                message);
    }

    /** Judges the finished run from its actions' outcomes. */
    private Duration ended(MaintenancePolicy policy, StatusAggregator conditions, CronSchedule schedule) {
        MaintenancePolicyStatus status = policy.getStatus();
        List<ActionResult> actions = status.lastRun.actions;
        List<ActionResult> failed = withOutcome(actions, ActionResult.Outcome.Failed);
        List<ActionResult> skipped = withOutcome(actions, ActionResult.Outcome.Skipped);
        if (!failed.isEmpty()) {
            String message = failed.size() + " of " + actions.size() + " actions failed: " + describe(failed, true);
            finish(policy, Outcome.Failed, message);
            return ScheduledRuns.failed(status, conditions, schedule, clock.instant(), MaintenancePolicyReason.ActionFailed, message);
        }
        if (!skipped.isEmpty()) {
            finish(policy, Outcome.Incomplete, "stopped at maxDuration: " + skipped.size() + " of " + actions.size()
                    + " actions not run (" + describe(skipped, false) + "); they run next time");
        } else {
            finish(policy, Outcome.Succeeded, actions(actions.size()) + " succeeded");
        }
        return ScheduledRuns.succeeded(status, conditions, schedule, clock.instant(), MaintenancePolicyReason.Scheduled);
    }

    private Duration waiting(MaintenancePolicyStatus status, StatusAggregator conditions, CronSchedule schedule,
            boolean suspend, Instant now) {
        return suspend ? ScheduledRuns.suspended(status, conditions, MaintenancePolicyReason.Suspended)
                : ScheduledRuns.waiting(status, conditions, schedule, now, MaintenancePolicyReason.Scheduled,
                        MaintenancePolicyReason.ActionFailed);
    }

    /** Ends the run and says so in one Event. */
    private void finish(MaintenancePolicy policy, Outcome outcome, String message) {
        LastRun run = policy.getStatus().lastRun;
        run.outcome = outcome;
        run.message = message;
        run.finishedAt = ScheduledRuns.timestamp(clock.instant());
        ScheduledRuns.announce(events, policy, outcome, message);
    }

    private static List<ActionResult> withOutcome(List<ActionResult> actions, ActionResult.Outcome outcome) {
        return actions.stream().filter(a -> a.outcome == outcome).toList();
    }

    /** Names (and, for failures, PostgreSQL's words) of the first few actions; the rest are counted. */
    static String describe(List<ActionResult> actions, boolean withMessages) {
        String named = actions.stream().limit(NAMED_IN_MESSAGE)
                .map(a -> withMessages && a.message != null ? a.name + " (" + a.message + ")" : a.name)
                .collect(Collectors.joining(", "));
        int more = actions.size() - NAMED_IN_MESSAGE;
        return more > 0 ? named + " and " + more + " more" : named;
    }

    /** "1 action", "3 actions". */
    static String actions(int count) {
        return count + (count == 1 ? " action" : " actions");
    }
}
