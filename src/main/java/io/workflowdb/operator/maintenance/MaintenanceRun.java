package io.workflowdb.operator.maintenance;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.workflowdb.operator.api.v1alpha1.MaintenancePolicy;
import io.workflowdb.operator.api.v1alpha1.MaintenancePolicyReason;
import io.workflowdb.operator.api.v1alpha1.MaintenancePolicySpec;
import io.workflowdb.operator.api.v1alpha1.MaintenancePolicyStatus;
import io.workflowdb.operator.api.v1alpha1.MaintenancePolicyStatus.ActionResult;
import io.workflowdb.operator.api.v1alpha1.MaintenancePolicyStatus.LastRun;
import io.workflowdb.operator.api.v1alpha1.RunRecord;
import io.workflowdb.operator.api.v1alpha1.RunRecord.Outcome;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.config.OperatorConfig;
import io.workflowdb.operator.connection.DatabaseDataSources;
import io.workflowdb.operator.maintenance.execute.MaintenanceExecutor;
import io.workflowdb.operator.maintenance.plan.ReportKind;
import io.workflowdb.operator.policy.RunHook;
import io.workflowdb.operator.policy.RunKind;
import io.workflowdb.operator.policy.RunStep;
import io.workflowdb.operator.policy.ScheduledRuns;
import io.workflowdb.operator.sql.RunProgress;
import io.workflowdb.operator.sql.ServerMessages;

/**
 * The maintenance side of a scheduled run ({@link ScheduledRuns} decides when): each slice runs
 * actions for about {@code workflowdb.maintenance.slice}, bounded by maxDuration, and the run ends
 * with the reports. Every finished action is recorded in the database's progress table as it ends,
 * so a run whose connection broke, or whose operator restarted, resumes with the actions the
 * database recorded and does not repeat them; an action cut off by a crash runs again, which is safe
 * since every action is idempotent.
 */
@ApplicationScoped
public class MaintenanceRun implements RunHook<MaintenancePolicy> {

    private static final Logger LOG = Logger.getLogger(MaintenanceRun.class);

    /** How soon work continues: at once after a start, later after a broken connection or a held lock. */
    static final Duration NEXT_STEP = ScheduledRuns.NEXT_SLICE;
    static final Duration RESUME_AFTER_INTERRUPTION = Duration.ofSeconds(30);
    /** How many failed or skipped actions a message names before it only counts. */
    static final int NAMED_IN_MESSAGE = 3;
    static final RunKind KIND = RunKind.resumable("0 1 * * *", MaintenancePolicyReason.Scheduled,
            MaintenancePolicyReason.Running, MaintenancePolicyReason.Suspended);
    private static final Set<String> REPORT_NAMES = Arrays.stream(ReportKind.values()).map(ReportKind::actionName)
            .collect(Collectors.toSet());

    @Inject
    DatabaseDataSources databases;

    /** {@code workflowdb_maintenance_actions_total{namespace, policy, outcome}}: maintenance actions by outcome. */
    static final String ACTIONS_METRIC = "workflowdb.maintenance.actions";

    @Inject
    MeterRegistry registry;

    @Inject
    Clock clock;

    /** The longest one action may run. */
    Duration actionTimeout;

    /** After this long in one reconcile no further action starts, so status shows progress. */
    Duration sliceBudget;

    @Inject
    void configure(OperatorConfig config) {
        actionTimeout = config.maintenance().actionTimeout();
        sliceBudget = config.maintenance().slice();
    }

    @Override
    public RunKind kind() {
        return KIND;
    }

    @Override
    public String suspendedMessage(MaintenancePolicy policy, RunRecord run) {
        return "suspended after " + actions(((LastRun) run).actions.size());
    }

    @Override
    public RunStep work(MaintenancePolicy policy, WorkflowDatabase db, RunRecord record, Instant now) {
        MaintenancePolicySpec spec = policy.getSpec();
        MaintenancePolicyStatus status = policy.getStatus();
        LastRun run = (LastRun) record;
        Instant deadline = MaintenancePass.deadline(spec, Instant.parse(run.startedAt));
        try (Connection c = databases.dataSource(db).getConnection()) {
            c.setAutoCommit(true);
            String progressKey = RunProgress.ensure(c) ? ScheduledRuns.progressKey(policy, run) : null;
            if (progressKey != null) {
                run.actions = recorded(c, policy, run, progressKey);
            }
            // reports are read again whole; actions an interrupted attempt recorded are not repeated
            run.actions.removeIf(a -> REPORT_NAMES.contains(a.name));
            Set<String> done = run.actions.stream().map(a -> a.name).collect(Collectors.toSet());
            MaintenanceExecutor.Result result = MaintenancePass.run(c, spec,
                    new MaintenanceExecutor.Limits(deadline, actionTimeout, now.plus(sliceBudget)), clock, done,
                    status.reports, action -> {
                        run.actions.add(action);
                        registry.counter(ACTIONS_METRIC, "namespace", policy.getMetadata().getNamespace(), "policy",
                                policy.getMetadata().getName(), "outcome", action.outcome.name()).increment();
                        record(c, progressKey, action);
                    });
            if (result.lockHeld()) {
                return waitOrGiveUp(run, MaintenancePolicyReason.Running, true,
                        "waiting: another maintenance run holds the lock on database " + result.database(), deadline);
            }
            if (!result.finished()) {
                return new RunStep.Continue(MaintenancePolicyReason.Running, true,
                        actions(run.actions.size()) + " done; the run goes on", NEXT_STEP);
            }
            status.reports = result.reports();
            return ended(run.actions);
        } catch (SQLException e) {
            return waitOrGiveUp(run, MaintenancePolicyReason.Interrupted, false, "interrupted after "
                    + actions(run.actions.size()) + ": " + ServerMessages.primary(e) + "; the run resumes", deadline);
        }
    }

    /**
     * The run's actions as the database recorded them; the first time, with what status holds of
     * a run an earlier operator version counted in status only, and without other runs' records.
     */
    private static List<ActionResult> recorded(Connection c, MaintenancePolicy policy, LastRun run, String progressKey)
            throws SQLException {
        List<RunProgress.Step> steps = RunProgress.steps(c, progressKey);
        if (steps.isEmpty()) {
            RunProgress.forgetOthers(c, ScheduledRuns.policyKey(policy) + "@", progressKey);
            for (ActionResult action : run.actions) {
                RunProgress.recordStep(c, progressKey, step(action));
            }
            return new ArrayList<>(run.actions);
        }
        List<ActionResult> actions = new ArrayList<>();
        for (RunProgress.Step step : steps) {
            actions.add(new ActionResult(step.name(), ActionResult.Outcome.valueOf(step.outcome()), step.durationMs(),
                    step.message()));
        }
        return actions;
    }

    private static void record(Connection c, String progressKey, ActionResult action) {
        if (progressKey == null) {
            return;
        }
        try {
            RunProgress.recordStep(c, progressKey, step(action));
        } catch (SQLException e) {
            // status still lists the action; only a crash before the next status write would lose it
            LOG.debugf("action %s not recorded in %s: %s", action.name, RunProgress.TABLE, e.getMessage());
        }
    }

    private static RunProgress.Step step(ActionResult action) {
        return new RunProgress.Step(action.name, 0, 0, action.outcome.name(), action.durationMs, action.message);
    }

    /** A run that cannot go on retries until its maxDuration has passed, then ends as it stands. */
    private RunStep waitOrGiveUp(LastRun run, MaintenancePolicyReason reason, boolean ready, String message,
            Instant deadline) {
        if (clock.instant().isBefore(deadline)) {
            return new RunStep.Continue(reason, ready, message, RESUME_AFTER_INTERRUPTION);
        }
        return new RunStep.Fail(MaintenancePolicyReason.Interrupted,
                "stopped at maxDuration after " + actions(run.actions.size()) + "; " + message);
    }

    /** Judges the finished run from its actions' outcomes. */
    private static RunStep ended(List<ActionResult> actions) {
        List<ActionResult> failed = withOutcome(actions, ActionResult.Outcome.Failed);
        List<ActionResult> skipped = withOutcome(actions, ActionResult.Outcome.Skipped);
        if (!failed.isEmpty()) {
            return new RunStep.Fail(MaintenancePolicyReason.ActionFailed,
                    failed.size() + " of " + actions.size() + " actions failed: " + describe(failed, true));
        }
        if (!skipped.isEmpty()) {
            return new RunStep.Finish(Outcome.Incomplete, "stopped at maxDuration: " + skipped.size() + " of "
                    + actions.size() + " actions not run (" + describe(skipped, false) + "); they run next time");
        }
        return new RunStep.Finish(Outcome.Succeeded, actions(actions.size()) + " succeeded");
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
