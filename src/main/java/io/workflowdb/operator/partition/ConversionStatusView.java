package io.workflowdb.operator.partition;

import java.time.Duration;
import java.time.Instant;

import io.workflowdb.operator.api.v1alpha1.ConversionStatus;
import io.workflowdb.operator.api.v1alpha1.ConversionStatus.Phase;
import io.workflowdb.operator.partition.convert.ConversionProgress;
import io.workflowdb.operator.policy.ScheduledRuns;

/**
 * A conversion's status from its record in the database; pure. Rows left are estimated from the
 * pages left and the rows per page seen so far (no count of the table), the rate from the rows
 * copied since the copy began.
 */
public final class ConversionStatusView {

    private ConversionStatusView() {
    }

    public static ConversionStatus of(ConversionProgress.State state, String message, Instant now) {
        ConversionStatus status = new ConversionStatus();
        status.phase = state.phase();
        status.rowsCopied = state.rowsCopied();
        status.startedAt = state.startedAt() == null ? null : ScheduledRuns.timestamp(state.startedAt());
        if (state.phase() == Phase.Copying || state.phase() == Phase.Preparing) {
            status.rowsLeft = rowsLeft(state);
            status.rowsPerSecond = rate(state);
            if (status.rowsLeft != null && status.rowsPerSecond != null && status.rowsPerSecond > 0) {
                status.estimatedCopyEnd = ScheduledRuns.timestamp(now.plusSeconds(status.rowsLeft / status.rowsPerSecond));
            }
        } else {
            // after the copy: the time it ended, so that a status patch never leaves an estimate behind
            status.rowsLeft = 0L;
            status.rowsPerSecond = rate(state);
            status.estimatedCopyEnd = state.copyEndedAt() == null ? null : ScheduledRuns.timestamp(state.copyEndedAt());
        }
        if (state.sourceRows() != null) {
            status.verified = state.sourceRows() + " rows in the original, " + state.targetRows() + " in the new table";
        }
        if (state.phase() == Phase.Done) {
            status.originalTable = state.retired();
        }
        status.message = message != null ? message : state.message();
        return status;
    }

    static Long rowsLeft(ConversionProgress.State state) {
        if (state.nextBlock() == 0 || state.endBlock() == 0) {
            return null;
        }
        double perPage = (double) state.rowsCopied() / state.nextBlock();
        return Math.round(perPage * Math.max(0, state.endBlock() - state.nextBlock()));
    }

    static Long rate(ConversionProgress.State state) {
        Instant end = state.copyEndedAt() != null ? state.copyEndedAt() : state.updatedAt();
        if (state.copyStartedAt() == null || end == null) {
            return null;
        }
        long millis = Duration.between(state.copyStartedAt(), end).toMillis();
        return millis <= 0 ? null : state.rowsCopied() * 1000 / millis;
    }

    /** One line for Ready and the run's message. */
    public static String summary(ConversionStatus status) {
        StringBuilder line = new StringBuilder("conversion ").append(status.phase);
        if (status.phase == Phase.Copying) {
            line.append(": ").append(status.rowsCopied).append(" rows copied");
            if (status.rowsLeft != null) {
                line.append(", about ").append(status.rowsLeft).append(" left");
            }
            if (status.rowsPerSecond != null) {
                line.append(", ").append(status.rowsPerSecond).append(" rows/s");
            }
        }
        if (status.message != null) {
            line.append(" (").append(status.message).append(")");
        }
        return line.toString();
    }
}
