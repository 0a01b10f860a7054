package io.workflowdb.operator.maintenance.execute;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.workflowdb.operator.api.v1alpha1.MaintenancePolicySpec;
import io.workflowdb.operator.api.v1alpha1.MaintenancePolicyStatus.ActionResult;
import io.workflowdb.operator.api.v1alpha1.MaintenancePolicyStatus.ActionResult.Outcome;
import io.workflowdb.operator.api.v1alpha1.MaintenancePolicyStatus.Reports;
import io.workflowdb.operator.maintenance.plan.MaintenanceAction;
import io.workflowdb.operator.maintenance.plan.MaintenancePlan;
import io.workflowdb.operator.maintenance.plan.MaintenancePlanner;
import io.workflowdb.operator.sql.AdvisoryLock;

/**
 * Works on a maintenance run on one autocommit connection, one slice at a time: takes the
 * database's maintenance lock, reads the catalog, plans, then runs each action not yet done on its
 * own with a statement timeout of the shorter of the per-action limit and what is left of the run.
 * A failing action is recorded and the next one runs; an action that would start after the run's
 * deadline is recorded as Skipped. No action starts after the slice's end once one ran in it, so
 * the caller can record progress; when every action has a result, the reports are collected (even
 * after a deadline: they only read statistics, and the next run's growth figures need them).
 *
 * <p>A lost connection is thrown; the results reported to {@link Progress} until then stand.
 */
public final class MaintenanceExecutor {

    static final String LOCK_PREFIX = "maintenance:";
    /** The longest one action may run unless the operator setting workflowdb.maintenance.action-timeout says otherwise. */
    public static final Duration DEFAULT_ACTION_TIMEOUT = Duration.ofMinutes(10);
    /** Less than this left of the run, and an action is not started: it could not finish. */
    static final Duration MIN_ACTION_TIME = Duration.ofSeconds(1);

    /** Told each action's and report's result as it ends. */
    @FunctionalInterface
    public interface Progress {
        void finished(ActionResult result);

        Progress NONE = result -> {
        };
    }

    /**
     * @param deadline  the run's end: no action starts at or after this, and none runs past it
     * @param actionCap the longest any one action may run
     * @param sliceEnd  no further action starts after this once one ran in this call
     */
    public record Limits(Instant deadline, Duration actionCap, Instant sliceEnd) {

        /** One call does the whole run (the command line). */
        public static Limits whole(Instant deadline, Duration actionCap) {
            return new Limits(deadline, actionCap, deadline);
        }
    }

    /**
     * @param lockHeld whether another run held the lock (then nothing was done)
     * @param finished whether every action has a result and the reports were collected
     * @param results  the results of this call only
     * @param reports  the reports collected, or null when not finished or the spec asks for none
     */
    public record Result(boolean lockHeld, boolean finished, String database, List<ActionResult> results,
            Reports reports) {
    }

    private MaintenanceExecutor() {
    }

    /** The run's actions as they would be planned now; reads the catalog only. */
    public static MaintenancePlan plan(Connection c, MaintenancePolicySpec spec) throws SQLException {
        return MaintenancePlanner.plan(spec, MaintenanceCatalog.read(c, spec));
    }

    /**
     * @param autocommit a connection in autocommit mode
     * @param done       names of actions an earlier, interrupted attempt of this run already recorded: not run again
     * @param previous   the previous run's reports, the base of the growth figures; null when none
     */
    public static Result run(Connection autocommit, MaintenancePolicySpec spec, Limits limits, Clock clock,
            Set<String> done, Reports previous, Progress progress) throws SQLException {
        String database = currentDatabase(autocommit);
        Optional<AdvisoryLock> lock = AdvisoryLock.tryAcquire(autocommit, LOCK_PREFIX + database);
        if (lock.isEmpty()) {
            return new Result(true, false, database, List.of(), null);
        }
        List<ActionResult> results = new ArrayList<>();
        Progress recording = result -> {
            results.add(result);
            progress.finished(result);
        };
        try (AdvisoryLock held = lock.get()) {
            MaintenancePlan plan = plan(autocommit, spec);
            int ran = 0;
            for (MaintenanceAction action : plan.actions()) {
                if (done.contains(action.name())) {
                    continue;
                }
                Duration left = Duration.between(clock.instant(), limits.deadline());
                if (left.compareTo(MIN_ACTION_TIME) < 0) {
                    recording.finished(new ActionResult(action.name(), Outcome.Skipped, 0L,
                            "not started: the run's maxDuration had passed"));
                    continue;
                }
                if (ran > 0 && !clock.instant().isBefore(limits.sliceEnd())) {
                    return new Result(false, false, database, results, null);
                }
                ran++;
                Duration timeout = left.compareTo(limits.actionCap()) < 0 ? left : limits.actionCap();
                recording.finished(ActionRunner.run(autocommit, action, timeout));
            }
            Reports reports = plan.reports().isEmpty() ? null
                    : MaintenanceReports.collect(autocommit, plan.reports(), previous, clock, recording);
            return new Result(false, true, database, results, reports);
        } finally {
            SessionLimits.reset(autocommit);
        }
    }

    private static String currentDatabase(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT current_database()"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }
}
