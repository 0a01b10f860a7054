package io.workflowdb.operator.retention;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.workflowdb.operator.api.v1alpha1.RetentionPolicy;
import io.workflowdb.operator.api.v1alpha1.RetentionPolicyReason;
import io.workflowdb.operator.api.v1alpha1.RetentionPolicySpec;
import io.workflowdb.operator.api.v1alpha1.RetentionPolicyStatus;
import io.workflowdb.operator.api.v1alpha1.RetentionPolicyStatus.Run;
import io.workflowdb.operator.api.v1alpha1.RetentionPolicyStatus.Run.Outcome;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.connection.DatabaseDataSources;
import io.workflowdb.operator.policy.PolicyMetrics;
import io.workflowdb.operator.policy.ScheduledRuns;
import io.workflowdb.operator.retention.execute.RetentionAudit;
import io.workflowdb.operator.retention.execute.RetentionExecutor;
import io.workflowdb.operator.retention.model.RetentionProblem;
import io.workflowdb.operator.schedule.CronSchedule;
import io.workflowdb.operator.schedule.Durations;
import io.workflowdb.operator.sql.ServerMessages;
import io.workflowdb.operator.status.ResourceEvents;
import io.workflowdb.operator.status.StatusAggregator;

/**
 * The operator's side of a RetentionPolicy: starts runs when {@link RunDecision} says so,
 * works on them in slices of at most one reconcile's budget, and reports each slice in status.
 * A run's cutoff and end are fixed by its recorded start, so slices (and an operator restart
 * between them) continue the same run.
 */
@ApplicationScoped
public class RetentionRun {

    private static final Logger LOG = Logger.getLogger(RetentionRun.class);

    static final String DEFAULT_SCHEDULE = "0 2 * * 0";
    static final Duration DEFAULT_MAX_DURATION = Duration.ofMinutes(5);
    /** How soon work continues: at once after a slice, a little later after a broken connection or a held lock. */
    static final Duration NEXT_SLICE = Duration.ofMillis(100);
    static final Duration RESUME_AFTER_INTERRUPTION = Duration.ofSeconds(30);

    @Inject
    DatabaseDataSources databases;

    @Inject
    ResourceEvents events;

    @Inject
    PolicyMetrics metrics;

    @Inject
    Clock clock;

    @ConfigProperty(name = "workflowdb.retention.slice", defaultValue = "30s")
    Duration sliceBudget;

    /** @return when to look again */
    Duration run(RetentionPolicy policy, WorkflowDatabase db, StatusAggregator conditions) {
        RetentionPolicySpec spec = policy.getSpec();
        RetentionPolicyStatus status = policy.getStatus();
        CronSchedule schedule = CronSchedule.parse(spec.schedule == null ? DEFAULT_SCHEDULE : spec.schedule);
        boolean suspend = Boolean.TRUE.equals(spec.suspend);
        Instant now = clock.instant();
        long generation = ScheduledRuns.generation(policy);
        switch (ScheduledRuns.decide(policy, status, suspend, schedule, now)) {
            case START -> {
                start(status, generation, now, conditions);
                return NEXT_SLICE;
            }
            case CONTINUE -> {
                return slice(policy, db, conditions, schedule);
            }
            case END_SUSPENDED -> {
                finish(policy, Outcome.Incomplete, "suspended after " + status.lastRun.rows + " rows; rows may be left");
                return ScheduledRuns.suspended(status, conditions, RetentionPolicyReason.Suspended);
            }
            default -> {
                return waiting(status, conditions, schedule, suspend, now);
            }
        }
    }

    /** Records the run before any work, so a restart finds and continues it. */
    private void start(RetentionPolicyStatus status, long generation, Instant now, StatusAggregator conditions) {
        Run run = new Run();
        run.generation = generation;
        run.startedAt = ScheduledRuns.timestamp(now);
        run.outcome = Outcome.Running;
        run.rows = 0L;
        run.batches = 0;
        run.message = "started";
        status.lastRun = run;
        status.nextRun = null;
        conditions.ready(RetentionPolicyReason.Running, "run started at " + run.startedAt);
    }

    private Duration slice(RetentionPolicy policy, WorkflowDatabase db, StatusAggregator conditions, CronSchedule schedule) {
        RetentionPolicySpec spec = policy.getSpec();
        RetentionPolicyStatus status = policy.getStatus();
        Run run = status.lastRun;
        Instant startedAt = Instant.parse(run.startedAt);
        Instant cutoff = RetentionExecutor.cutoff(startedAt, Durations.parse(spec.olderThan));
        Instant runEnd = startedAt.plus(spec.maxDurationPerRun == null ? DEFAULT_MAX_DURATION
                : Durations.parse(spec.maxDurationPerRun));
        Instant now = clock.instant();
        Instant deadline = now.plus(sliceBudget).isBefore(runEnd) ? now.plus(sliceBudget) : runEnd;
        try (Connection c = databases.dataSource(db).getConnection()) {
            c.setAutoCommit(true);
            if (Boolean.TRUE.equals(spec.dryRun)) {
                RetentionExecutor.Plan plan = RetentionExecutor.plan(c, spec, cutoff);
                if (plan.problem() != null) {
                    return failed(policy, conditions, plan.problem(), schedule);
                }
                run.rows = plan.rows();
                finish(policy, Outcome.DryRun, "dry run: " + plan.rows() + " rows " + verb(spec, true) + describeTables(plan));
                return succeeded(policy, conditions, schedule);
            }
            RetentionExecutor.Slice slice = RetentionExecutor.run(c, spec, cutoff, deadline, clock, run.rows,
                    RetentionExecutor.Progress.NONE);
            run.rows += slice.rows();
            run.batches += slice.batches();
            status.totalRows = (status.totalRows == null ? 0 : status.totalRows) + slice.rows();
            metrics.retentionRows(policy, spec.table, spec.action.name().toLowerCase(java.util.Locale.ROOT), slice.rows());
            switch (slice.end()) {
                case DONE -> {
                    audit(c, policy, cutoff);
                    finish(policy, Outcome.Succeeded, run.rows + " rows " + verb(spec, false) + " in " + run.batches
                            + " batches");
                    return succeeded(policy, conditions, schedule);
                }
                case FAILED -> {
                    return failed(policy, conditions, slice.problem(), schedule);
                }
                case LOCK_HELD -> {
                    run.message = "waiting: another run holds the lock on " + spec.table;
                    conditions.ready(RetentionPolicyReason.Running, run.message);
                    return RESUME_AFTER_INTERRUPTION;
                }
                case INTERRUPTED -> {
                    return interrupted(run, slice.problem().message(), conditions);
                }
                default -> {
                    if (clock.instant().isBefore(runEnd)) {
                        run.message = run.rows + " rows " + verb(spec, false) + " so far in " + run.batches + " batches";
                        conditions.ready(RetentionPolicyReason.Running, run.message);
                        return NEXT_SLICE;
                    }
                    audit(c, policy, cutoff);
                    finish(policy, Outcome.Incomplete, "stopped at maxDurationPerRun after " + run.rows + " rows in "
                            + run.batches + " batches; rows may be left for the next run");
                    return succeeded(policy, conditions, schedule);
                }
            }
        } catch (SQLException e) {
            Optional<RetentionProblem> problem = RetentionExecutor.permanentProblem(e, spec.table, run.rows);
            if (problem.isPresent()) {
                return failed(policy, conditions, problem.get(), schedule);
            }
            return interrupted(run, ServerMessages.primary(e), conditions);
        }
    }

    /** The database went away mid-run: the run stays Running and resumes with the rows it counted. */
    private static Duration interrupted(Run run, String cause, StatusAggregator conditions) {
        run.message = "interrupted after " + run.rows + " rows: " + cause + "; the run resumes";
        conditions.notReady(RetentionPolicyReason.Interrupted, run.message);
        return RESUME_AFTER_INTERRUPTION;
    }

    private Duration waiting(RetentionPolicyStatus status, StatusAggregator conditions, CronSchedule schedule,
            boolean suspend, Instant now) {
        return suspend ? ScheduledRuns.suspended(status, conditions, RetentionPolicyReason.Suspended)
                : ScheduledRuns.waiting(status, conditions, schedule, now, RetentionPolicyReason.Scheduled, RetentionPolicyReason.RunFailed);
    }

    private Duration succeeded(RetentionPolicy policy, StatusAggregator conditions, CronSchedule schedule) {
        return ScheduledRuns.succeeded(policy.getStatus(), conditions, schedule, clock.instant(), RetentionPolicyReason.Scheduled);
    }

    private Duration failed(RetentionPolicy policy, StatusAggregator conditions, RetentionProblem problem,
            CronSchedule schedule) {
        finish(policy, Outcome.Failed, problem.message());
        return ScheduledRuns.failed(policy.getStatus(), conditions, schedule, clock.instant(), problem.reason(),
                problem.message());
    }

    /** Ends the run and says so in one Event. */
    private void finish(RetentionPolicy policy, Outcome outcome, String message) {
        Run run = policy.getStatus().lastRun;
        run.outcome = outcome;
        run.message = message;
        run.finishedAt = ScheduledRuns.timestamp(clock.instant());
        ScheduledRuns.announce(events, policy, outcome, message);
    }

    private void audit(Connection c, RetentionPolicy policy, Instant cutoff) {
        RetentionPolicySpec spec = policy.getSpec();
        Run run = policy.getStatus().lastRun;
        try {
            RetentionAudit.record(c, policy.getMetadata().getNamespace() + "/" + policy.getMetadata().getName(), spec,
                    spec.table, spec.archive == null ? null : spec.archive.table, run.rows, run.batches, ScheduledRuns.timestamp(cutoff));
        } catch (SQLException e) {
            LOG.warnf("audit row for retention policy %s/%s not written: %s", policy.getMetadata().getNamespace(),
                    policy.getMetadata().getName(), e.getMessage());
        }
    }

    private static String verb(RetentionPolicySpec spec, boolean would) {
        boolean archive = spec.action == RetentionPolicySpec.Action.ARCHIVE;
        return would ? (archive ? "would be archived" : "would be deleted") : (archive ? "archived" : "deleted");
    }

    private static String describeTables(RetentionExecutor.Plan plan) {
        return " from " + plan.source() + (plan.archive() == null ? "" : " into " + plan.archive());
    }
}
