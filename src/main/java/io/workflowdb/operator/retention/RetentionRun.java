package io.workflowdb.operator.retention;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.workflowdb.operator.api.v1alpha1.RetentionPolicy;
import io.workflowdb.operator.api.v1alpha1.RetentionPolicyReason;
import io.workflowdb.operator.api.v1alpha1.RetentionPolicySpec;
import io.workflowdb.operator.api.v1alpha1.RetentionPolicyStatus;
import io.workflowdb.operator.api.v1alpha1.RetentionPolicyStatus.Run;
import io.workflowdb.operator.api.v1alpha1.RunRecord;
import io.workflowdb.operator.api.v1alpha1.RunRecord.Outcome;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.config.OperatorConfig;
import io.workflowdb.operator.connection.DatabaseDataSources;
import io.workflowdb.operator.policy.RunHook;
import io.workflowdb.operator.policy.RunKind;
import io.workflowdb.operator.policy.RunStep;
import io.workflowdb.operator.policy.ScheduledRuns;
import io.workflowdb.operator.retention.execute.RetentionExecutor;
import io.workflowdb.operator.retention.model.RetentionProblem;
import io.workflowdb.operator.sql.RunProgress;
import io.workflowdb.operator.sql.ServerMessages;

/**
 * The retention side of a scheduled run ({@link ScheduledRuns} decides when): each slice works for
 * at most {@code workflowdb.retention.slice} within the run's frame, which its recorded start fixes,
 * so slices (and an operator restart between them) continue the same run. The run's rows and batches
 * are read back from the progress row its batches commit with them, so status tells what the
 * database holds whatever happened to the operator.
 */
@ApplicationScoped
public class RetentionRun implements RunHook<RetentionPolicy> {

    private static final Logger LOG = Logger.getLogger(RetentionRun.class);

    /** How soon work continues: at once after a slice, a little later after a broken connection or a held lock. */
    static final Duration NEXT_SLICE = ScheduledRuns.NEXT_SLICE;
    static final Duration RESUME_AFTER_INTERRUPTION = Duration.ofSeconds(30);
    static final RunKind KIND = RunKind.resumable("0 2 * * 0", RetentionPolicyReason.Scheduled,
            RetentionPolicyReason.Running, RetentionPolicyReason.Suspended);

    @Inject
    DatabaseDataSources databases;

    /** {@code workflowdb_retention_rows_total{namespace, policy, table, action}}: rows archived or deleted. */
    static final String ROWS_METRIC = "workflowdb.retention.rows";

    @Inject
    MeterRegistry registry;

    @Inject
    Clock clock;

    Duration sliceBudget;

    @Inject
    void configure(OperatorConfig config) {
        sliceBudget = config.retention().slice();
    }

    @Override
    public RunKind kind() {
        return KIND;
    }

    @Override
    public String suspendedMessage(RetentionPolicy policy, RunRecord run) {
        return "suspended after " + ((Run) run).rows + " rows; rows may be left";
    }

    @Override
    public RunStep work(RetentionPolicy policy, WorkflowDatabase db, RunRecord record, Instant now) {
        RetentionPolicySpec spec = policy.getSpec();
        Run run = (Run) record;
        RetentionPass.Frame frame = RetentionPass.Frame.of(spec, Instant.parse(run.startedAt));
        try (Connection c = databases.dataSource(db).getConnection()) {
            c.setAutoCommit(true);
            if (Boolean.TRUE.equals(spec.dryRun)) {
                return dryRun(c, spec, frame, run);
            }
            String progressKey = RunProgress.ensure(c) ? ScheduledRuns.progressKey(policy, run) : null;
            if (progressKey != null && run.rows == 0 && run.batches == 0) {
                RunProgress.forgetOthers(c, ScheduledRuns.policyKey(policy) + "@", progressKey);
            } else if (progressKey != null) {
                // a run an earlier operator version counted in status only: its figures carry over
                RunProgress.carryOver(c, progressKey, run.rows, run.batches);
            }
            RetentionExecutor.Slice slice = RetentionPass.slice(c, spec, frame, now.plus(sliceBudget), clock, run.rows,
                    RetentionExecutor.Progress.NONE, progressKey);
            count(c, policy, run, slice, progressKey);
            return afterSlice(c, policy, run, frame, slice);
        } catch (SQLException e) {
            Optional<RetentionProblem> problem = RetentionExecutor.permanentProblem(e, spec.table, run.rows);
            return problem.<RunStep> map(p -> new RunStep.Fail(p.reason(), p.message()))
                    .orElseGet(() -> interrupted(run, ServerMessages.primary(e)));
        }
    }

    private RunStep dryRun(Connection c, RetentionPolicySpec spec, RetentionPass.Frame frame, Run run) throws SQLException {
        RetentionExecutor.Plan plan = RetentionPass.plan(c, spec, frame);
        if (plan.problem() != null) {
            return new RunStep.Fail(plan.problem().reason(), plan.problem().message());
        }
        run.rows = plan.rows();
        return new RunStep.Finish(Outcome.DryRun, "dry run: " + plan.rows() + " rows " + RetentionPass.verb(spec, true)
                + " from " + plan.source() + (plan.archive() == null ? "" : " into " + plan.archive()));
    }

    private RunStep afterSlice(Connection c, RetentionPolicy policy, Run run, RetentionPass.Frame frame,
            RetentionExecutor.Slice slice) {
        RetentionPolicySpec spec = policy.getSpec();
        String verb = RetentionPass.verb(spec, false);
        switch (slice.end()) {
            case DONE -> {
                audit(c, policy, frame, run);
                return new RunStep.Finish(Outcome.Succeeded, run.rows + " rows " + verb + " in " + run.batches + " batches");
            }
            case FAILED -> {
                return new RunStep.Fail(slice.problem().reason(), slice.problem().message());
            }
            case LOCK_HELD -> {
                return new RunStep.Continue(RetentionPolicyReason.Running, true,
                        "waiting: another run holds the lock on " + spec.table, RESUME_AFTER_INTERRUPTION);
            }
            case INTERRUPTED -> {
                return interrupted(run, slice.problem().message());
            }
            default -> {
                if (clock.instant().isBefore(frame.end())) {
                    return new RunStep.Continue(RetentionPolicyReason.Running, true,
                            run.rows + " rows " + verb + " so far in " + run.batches + " batches", NEXT_SLICE);
                }
                audit(c, policy, frame, run);
                return new RunStep.Finish(Outcome.Incomplete, "stopped at maxDurationPerRun after " + run.rows + " rows in "
                        + run.batches + " batches; rows may be left for the next run");
            }
        }
    }

    /**
     * The run's figures as the database committed them (the slice's own count where the role may not
     * keep a progress table); the rows added since status last said are added to the total and the metric.
     */
    private void count(Connection c, RetentionPolicy policy, Run run, RetentionExecutor.Slice slice, String progressKey)
            throws SQLException {
        long rows = run.rows + slice.rows();
        int batches = run.batches + slice.batches();
        if (progressKey != null) {
            Optional<RunProgress.Step> committed = RunProgress.counted(c, progressKey);
            rows = committed.map(RunProgress.Step::rows).orElse(0L);
            batches = committed.map(RunProgress.Step::batches).orElse(0);
        }
        long added = rows - run.rows;
        run.rows = rows;
        run.batches = batches;
        RetentionPolicyStatus status = policy.getStatus();
        status.totalRows = (status.totalRows == null ? 0 : status.totalRows) + added;
        RetentionPolicySpec spec = policy.getSpec();
        if (added > 0) {
            registry.counter(ROWS_METRIC, "namespace", policy.getMetadata().getNamespace(), "policy",
                    policy.getMetadata().getName(), "table", spec.table, "action",
                    spec.action.name().toLowerCase(Locale.ROOT)).increment(added);
        }
    }

    /** The database went away mid-run: the run stays Running and resumes with the rows it committed. */
    private static RunStep interrupted(Run run, String cause) {
        return new RunStep.Continue(RetentionPolicyReason.Interrupted, false,
                "interrupted after " + run.rows + " rows: " + cause + "; the run resumes", RESUME_AFTER_INTERRUPTION);
    }

    private void audit(Connection c, RetentionPolicy policy, RetentionPass.Frame frame, Run run) {
        try {
            RetentionPass.audit(c, policy.getMetadata().getNamespace() + "/" + policy.getMetadata().getName(),
                    policy.getSpec(), frame, run.rows, run.batches);
        } catch (SQLException e) {
            LOG.warnf("audit row for retention policy %s/%s not written: %s", policy.getMetadata().getNamespace(),
                    policy.getMetadata().getName(), e.getMessage());
        }
    }
}
