package io.workflowdb.operator.cli;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;

import io.workflowdb.operator.api.v1alpha1.RetentionPolicy;
import io.workflowdb.operator.api.v1alpha1.RetentionPolicySpec;
import io.workflowdb.operator.retention.RetentionPass;
import io.workflowdb.operator.retention.execute.RetentionExecutor;

/** What {@code plan} and {@code apply} print for a RetentionPolicy. */
final class RetentionSummary {

    private RetentionSummary() {
    }

    /** Prints how many rows a run would move now; false when a problem would stop the run. */
    static boolean plan(RetentionPolicy policy, Connection c, Instant now, PrintWriter out) throws SQLException {
        RetentionPolicySpec spec = policy.getSpec();
        RetentionPass.Frame frame = RetentionPass.Frame.of(spec, now);
        RetentionExecutor.Plan plan = RetentionPass.plan(c, spec, frame);
        if (plan.problem() != null) {
            out.println("-- " + plan.problem().reason() + ": " + plan.problem().message());
            return false;
        }
        if (plan.createsArchive()) {
            out.println("-- would create archive table " + plan.archive() + " like " + plan.source());
        }
        out.println("-- " + plan.rows() + " rows of " + plan.source() + " with " + spec.timestampColumn + " before "
                + frame.cutoff() + " " + RetentionPass.verb(spec, true)
                + (spec.action == RetentionPolicySpec.Action.ARCHIVE ? " into " + plan.archive() : ""));
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
        RetentionPass.Frame frame = RetentionPass.Frame.of(spec, start);
        RetentionExecutor.Slice slice = RetentionPass.slice(c, spec, frame, frame.end(), clock, 0,
                (batch, rows, runRows, took) -> {
                    out.println("  batch " + batch + ": " + rows + " rows in " + took.toMillis() + " ms (" + runRows
                            + " so far)");
                    out.flush();
                }, null);
        String verb = RetentionPass.verb(spec, false);
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
                RetentionPass.audit(c, label, spec, frame, slice.rows(), slice.batches());
                out.println(label + ": " + slice.rows() + " rows " + verb + " in " + slice.batches()
                        + " batches, longest batch " + slice.longestBatch().toMillis() + " ms"
                        + (slice.end() == RetentionExecutor.End.DEADLINE
                                ? "; stopped at maxDurationPerRun, rows may be left" : ""));
                return true;
            }
        }
    }
}
