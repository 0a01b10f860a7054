package io.workflowdb.operator.retention;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.workflowdb.operator.api.v1alpha1.RetentionPolicySpec;
import io.workflowdb.operator.retention.execute.RetentionAudit;
import io.workflowdb.operator.retention.execute.RetentionExecutor;
import io.workflowdb.operator.schedule.Durations;

/**
 * One retention run against a database, as the operator's scheduled run and the {@code apply}
 * command both do it: a frame fixed by the run's start (the cutoff and the end), slices of batches
 * within it, and the audit row once the run ends. {@link #plan} is the read-only twin for
 * {@code plan} and dry runs.
 */
public final class RetentionPass {

    /** How long a run may go on when spec.maxDurationPerRun is not set. */
    public static final Duration DEFAULT_MAX_DURATION = Duration.ofMinutes(5);

    /** A run's frame: rows older than {@code cutoff} are due; no batch starts after {@code end}. */
    public record Frame(Instant cutoff, Instant end) {

        public static Frame of(RetentionPolicySpec spec, Instant start) {
            return new Frame(RetentionExecutor.cutoff(start, Durations.parse(spec.olderThan)),
                    start.plus(spec.maxDurationPerRun == null ? DEFAULT_MAX_DURATION : Durations.parse(spec.maxDurationPerRun)));
        }
    }

    private RetentionPass() {
    }

    /** Checks the tables and counts the rows due in the frame, changing nothing. */
    public static RetentionExecutor.Plan plan(Connection autocommit, RetentionPolicySpec spec, Frame frame)
            throws SQLException {
        return RetentionExecutor.plan(autocommit, spec, frame.cutoff());
    }

    /**
     * Batches until no due row is left, {@code deadline} or the frame's end passes.
     *
     * @param runRows     rows the run moved in earlier slices, for progress lines
     * @param progressKey the run's key in the database's progress table; null to count in memory only
     */
    public static RetentionExecutor.Slice slice(Connection autocommit, RetentionPolicySpec spec, Frame frame,
            Instant deadline, Clock clock, long runRows, RetentionExecutor.Progress progress, String progressKey)
            throws SQLException {
        Instant until = deadline.isBefore(frame.end()) ? deadline : frame.end();
        return RetentionExecutor.run(autocommit, spec, frame.cutoff(), until, clock, runRows, progress, progressKey);
    }

    /** The audit row of a finished run, where the database has a workflow_events table. */
    public static boolean audit(Connection autocommit, String policy, RetentionPolicySpec spec, Frame frame, long rows,
            int batches) throws SQLException {
        return RetentionAudit.record(autocommit, policy, spec, spec.table, spec.archive == null ? null : spec.archive.table,
                rows, batches, frame.cutoff().truncatedTo(ChronoUnit.SECONDS).toString());
    }

    /** "archived", "deleted", or with {@code would} "would be archived", "would be deleted". */
    public static String verb(RetentionPolicySpec spec, boolean would) {
        boolean archive = spec.action == RetentionPolicySpec.Action.ARCHIVE;
        return would ? (archive ? "would be archived" : "would be deleted") : (archive ? "archived" : "deleted");
    }
}
