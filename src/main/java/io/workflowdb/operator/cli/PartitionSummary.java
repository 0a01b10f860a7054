package io.workflowdb.operator.cli;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.workflowdb.operator.api.v1alpha1.ConversionStatus.Phase;
import io.workflowdb.operator.api.v1alpha1.PartitionPolicySpec;
import io.workflowdb.operator.partition.ConversionStatusView;
import io.workflowdb.operator.partition.ConversionThrottle;
import io.workflowdb.operator.partition.PartitionPass;
import io.workflowdb.operator.partition.convert.ConversionProgress;
import io.workflowdb.operator.partition.convert.OnlineConversion;
import io.workflowdb.operator.partition.execute.ExecutionReport;

/** The lines {@code apply} prints for one partition pass, and for an online conversion before it. */
final class PartitionSummary {

    /** How long one call of the conversion works before the loop prints and calls again. */
    static final Duration SLICE = Duration.ofSeconds(10);
    /** How long the loop waits before trying again a lock it did not get. */
    static final Duration RETRY = Duration.ofSeconds(1);

    private PartitionSummary() {
    }

    /**
     * Runs the policy's online conversion to its end (or until it is refused or paused), a line per
     * batch and per phase; killed, it resumes where the database says on the next {@code apply}.
     *
     * @return false when the conversion was refused or failed
     */
    static boolean convert(String label, PartitionPolicySpec spec, Connection c, PrintWriter out) throws SQLException {
        Optional<String> paused = spec.conversion == null ? Optional.empty()
                : ConversionThrottle.pauseReason(spec.conversion, null, Instant.now());
        OnlineConversion.Listener lines = new OnlineConversion.Listener() {
            @Override
            public void batch(ConversionProgress.State state, long rows) {
                out.println(label + ": batch " + state.batches() + ": " + rows + " rows, pages " + state.nextBlock() + "/"
                        + state.endBlock() + "; " + ConversionStatusView.summary(ConversionStatusView.of(state, null,
                                Instant.now())));
                out.flush();
            }

            @Override
            public void phase(Phase phase, String message) {
                out.println(label + ": " + phase + ": " + message);
                out.flush();
            }
        };
        while (true) {
            OnlineConversion.Report report = OnlineConversion.run(c, spec, Instant.now(), SLICE, paused.orElse(null), lines);
            switch (report.result()) {
                case NOT_NEEDED -> {
                    return true;
                }
                case DONE, ABORTED -> {
                    out.println(label + ": " + report.message());
                    return true;
                }
                case REFUSED -> {
                    out.println(label + ": ConversionRefused: " + report.message());
                    return false;
                }
                case FAILED -> {
                    out.println(label + ": ConversionFailed: " + report.message());
                    return false;
                }
                case WAITING -> {
                    out.println(label + ": waiting: " + report.message());
                    out.flush();
                    if (paused.isPresent()) {
                        return true;
                    }
                    sleep(RETRY);
                }
                case IN_PROGRESS -> {
                }
            }
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** @return whether the table is as the policy asks */
    static boolean print(String label, PartitionPass.Result result, PrintWriter out) {
        if (result.problem() != null) {
            out.println(label + ": " + result.problem().reason() + ": " + result.problem().message());
            return false;
        }
        ExecutionReport report = result.report();
        out.println(label + ": " + report.created() + " created, " + report.detached() + " detached, " + report.dropped()
                + " dropped, " + report.movedRows() + " rows moved out of the default partition");
        report.executed().forEach(sql -> out.println("  ran " + sql));
        if (report.failure() != null) {
            out.println("  failed: " + report.failure());
        }
        return report.succeeded();
    }
}
