package io.workflowdb.operator.cli;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.workflowdb.operator.api.v1alpha1.RetentionPolicy;
import io.workflowdb.operator.api.v1alpha1.RetentionPolicySpec;
import io.workflowdb.operator.retention.execute.RetentionAudit;
import io.workflowdb.operator.retention.execute.RetentionExecutor;
import io.workflowdb.operator.schedule.Durations;

/** What {@code plan} and {@code apply} print for a RetentionPolicy. */
final class RetentionSummary {

    static final Duration DEFAULT_MAX_DURATION = Duration.ofMinutes(5);

    private RetentionSummary() {
    }

    /** Prints how many rows a run would move now; false when a problem would stop the run. */
    static boolean plan(RetentionPolicy policy, Connection c, Instant now, PrintWriter out) throws SQLException {
        RetentionPolicySpec spec = policy.getSpec();
        Instant cutoff = RetentionExecutor.cutoff(now, Durations.parse(spec.olderThan));
        RetentionExecutor.Plan plan = RetentionExecutor.plan(c, spec, cutoff);
        if (plan.problem() != null) {
            out.println("-- " + plan.problem().reason() + ": " + plan.problem().message());
            return false;
        }
        if (plan.createsArchive()) {
            out.println("-- would create archive table " + plan.archive() + " like " + plan.source());
        }
        out.println("-- " + plan.rows() + " rows of " + plan.source() + " with " + spec.timestampColumn + " before "
                + cutoff + (spec.action == RetentionPolicySpec.Action.ARCHIVE ? " would be archived into " + plan.archive()
                        : " would be deleted"));
        return true;
    }

    /**
     * Runs one run to its end (no due row left, or maxDurationPerRun), a line per batch; a dry run
     * only counts.
     */
    static boolean apply(String label, RetentionPolicy policy, Connection c, Clock clock, PrintWriter out)
            throws SQLException {
        RetentionPolicySpec spec = policy.getSpec();
        Instant start = clock.instant();
        if (Boolean.TRUE.equals(spec.dryRun)) {
            out.println(label + ": spec.dryRun is set; nothing changes");
            return plan(policy, c, start, out);
        }
        Instant cutoff = RetentionExecutor.cutoff(start, Durations.parse(spec.olderThan));
        Instant end = start.plus(spec.maxDurationPerRun == null ? DEFAULT_MAX_DURATION : Durations.parse(spec.maxDurationPerRun));
        RetentionExecutor.Slice slice = RetentionExecutor.run(c, spec, cutoff, end, clock, 0,
                (batch, rows, runRows, took) -> {
                    out.println("  batch " + batch + ": " + rows + " rows in " + took.toMillis() + " ms (" + runRows
                            + " so far)");
                    out.flush();
                });
        String verb = spec.action == RetentionPolicySpec.Action.ARCHIVE ? "archived" : "deleted";
        switch (slice.end()) {
            case FAILED -> {
                out.println(label + ": " + slice.problem().reason() + ": " + slice.problem().message());
                return false;
            }
            case INTERRUPTED -> {
                out.println(label + ": interrupted after " + slice.rows() + " rows " + verb + ": " + slice.problem().message()
                        + "; apply again to go on");
                return false;
            }
            case LOCK_HELD -> {
                out.println(label + ": another run holds the lock on " + spec.table + "; nothing done");
                return false;
            }
            default -> {
                RetentionAudit.record(c, label, spec, spec.table, spec.archive == null ? null : spec.archive.table,
                        slice.rows(), slice.batches(), cutoff.toString());
                out.println(label + ": " + slice.rows() + " rows " + verb + " in " + slice.batches()
                        + " batches, longest batch " + slice.longestBatch().toMillis() + " ms"
                        + (slice.end() == RetentionExecutor.End.DEADLINE
                                ? "; stopped at maxDurationPerRun, rows may be left" : ""));
                return true;
            }
        }
    }
}
