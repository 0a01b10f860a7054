package io.workflowdb.operator.retention.execute;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import io.workflowdb.operator.api.v1alpha1.RetentionPolicyReason;
import io.workflowdb.operator.api.v1alpha1.RetentionPolicySpec;
import io.workflowdb.operator.retention.model.RetentionProblem;
import io.workflowdb.operator.retention.model.TableShape;
import io.workflowdb.operator.retention.plan.BoundStatement;
import io.workflowdb.operator.retention.plan.RetentionChecks;
import io.workflowdb.operator.retention.plan.RetentionStatements;
import io.workflowdb.operator.sql.AdvisoryLock;
import io.workflowdb.operator.sql.Identifiers;
import io.workflowdb.operator.sql.RunProgress;
import io.workflowdb.operator.sql.ServerMessages;
import io.workflowdb.operator.sql.SessionSettings;
import io.workflowdb.operator.sql.SqlStates;

/**
 * Runs a slice of a retention run: takes the table's advisory lock, checks the tables, creates the
 * archive when it is missing, then commits one batch after another until no due row is left or the
 * deadline passes. A slice can stop anywhere: every committed batch is complete, the batch in
 * flight rolls back whole, and the next slice starts again from the table's contents.
 *
 * <p>Errors that say the connection or the server went away, or that a lock or the statement timed
 * out, are thrown so the caller can resume the run later; errors that the same statement would hit
 * again (a foreign key, a duplicate key in the archive, a permission) end the run as a problem.
 */
public final class RetentionExecutor {

    static final String DEFAULT_BATCH_TIMEOUT = "5s";
    static final int DEFAULT_BATCH_SIZE = 5000;
    static final String LOCK_PREFIX = "retention:";

    /** How a slice ended. */
    public enum End {
        /** No due row is left. */
        DONE,
        /** The deadline passed with rows possibly left. */
        DEADLINE,
        /** A problem stopped the run; see {@link Slice#problem()}. */
        FAILED,
        /** Another run holds the table's lock; nothing was done. */
        LOCK_HELD,
        /**
         * The connection broke or the server went away mid-batch (see {@link Slice#problem()}):
         * the batches committed before count, the run resumes. A batch whose commit was cut off
         * may have committed uncounted.
         */
        INTERRUPTED
    }

    /**
     * @param longestBatch the longest time one batch held its row locks (statement plus commit)
     */
    public record Slice(End end, long rows, int batches, Duration longestBatch, RetentionProblem problem) {
    }

    /** Called after every committed batch. */
    public interface Progress {
        void batch(int batch, long rows, long runRows, Duration took);

        Progress NONE = (batch, rows, runRows, took) -> {
        };
    }

    /**
     * What a run would do now, without changing anything.
     *
     * @param rows the rows due now; -1 when there is a problem
     * @param createsArchive whether the run would create the archive table first
     */
    public record Plan(RetentionProblem problem, long rows, boolean createsArchive, String source, String archive) {
    }

    private RetentionExecutor() {
    }

    public static Instant cutoff(Instant runStart, Duration olderThan) {
        return runStart.minus(olderThan);
    }

    /** Checks the tables and counts the rows due now; a dry run and {@code plan} report this. */
    public static Plan plan(Connection autocommit, RetentionPolicySpec spec, Instant cutoff) throws SQLException {
        Tables tables = Tables.read(autocommit, spec);
        if (tables.problem.isPresent()) {
            return new Plan(tables.problem.get(), -1, false, tables.sourceLabel(spec), tables.archiveLabel(spec));
        }
        BoundStatement count = RetentionStatements.count(tables.source.get(), spec, cutoff);
        long rows;
        try (PreparedStatement ps = prepare(autocommit, count); ResultSet rs = ps.executeQuery()) {
            rs.next();
            rows = rs.getLong(1);
        }
        return new Plan(null, rows, spec.action == RetentionPolicySpec.Action.ARCHIVE && tables.archive.isEmpty(),
                tables.sourceLabel(spec), tables.archiveLabel(spec));
    }

    /**
     * Runs batches until no due row is left or {@code deadline} passes (checked before each batch).
     *
     * @param autocommit a connection in autocommit mode; it is returned in that mode
     * @param runRows rows the run moved in earlier slices, for progress lines
     */
    public static Slice run(Connection autocommit, RetentionPolicySpec spec, Instant cutoff, Instant deadline, Clock clock,
            long runRows, Progress progress) throws SQLException {
        return run(autocommit, spec, cutoff, deadline, clock, runRows, progress, null);
    }

    /**
     * As {@link #run(Connection, RetentionPolicySpec, Instant, Instant, Clock, long, Progress)}, and
     * every batch adds its rows to the run's row in {@link RunProgress} inside its own transaction.
     *
     * @param progressKey the run's key in the progress table; null to count in memory only
     */
    public static Slice run(Connection autocommit, RetentionPolicySpec spec, Instant cutoff, Instant deadline, Clock clock,
            long runRows, Progress progress, String progressKey) throws SQLException {
        Tables first = Tables.read(autocommit, spec);
        if (first.problem.isPresent()) {
            return new Slice(End.FAILED, 0, 0, Duration.ZERO, first.problem.get());
        }
        Optional<AdvisoryLock> lock = AdvisoryLock.tryAcquire(autocommit, LOCK_PREFIX + first.source.get().label());
        if (lock.isEmpty()) {
            return new Slice(End.LOCK_HELD, 0, 0, Duration.ZERO, null);
        }
        try (AdvisoryLock held = lock.get()) {
            Tables tables = Tables.read(autocommit, spec);
            if (tables.problem.isPresent()) {
                return new Slice(End.FAILED, 0, 0, Duration.ZERO, tables.problem.get());
            }
            TableShape source = tables.source.get();
            TableShape archive = null;
            if (spec.action == RetentionPolicySpec.Action.ARCHIVE) {
                archive = tables.archive.isPresent() ? tables.archive.get() : createArchive(autocommit, spec, source);
            }
            return batches(autocommit, spec, source, archive, cutoff, deadline, clock, runRows, progress, progressKey);
        }
    }

    private static Slice batches(Connection c, RetentionPolicySpec spec, TableShape source, TableShape archive,
            Instant cutoff, Instant deadline, Clock clock, long runRows, Progress progress, String progressKey)
            throws SQLException {
        int batchSize = spec.batchSize == null ? DEFAULT_BATCH_SIZE : spec.batchSize;
        long rows = 0;
        int batches = 0;
        Duration longest = Duration.ZERO;
        List<String> after = null;
        while (clock.instant().isBefore(deadline)) {
            BoundStatement batch = RetentionStatements.batch(source, archive, spec, cutoff, batchSize, after);
            long started = System.nanoTime();
            long selected;
            long moved;
            List<String> last = new ArrayList<>();
            c.setAutoCommit(false);
            try {
                SessionSettings.local(c, "lock_timeout", DEFAULT_BATCH_TIMEOUT);
                try (PreparedStatement ps = prepare(c, batch); ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    selected = rs.getLong(RetentionStatements.SELECTED);
                    moved = rs.getLong(RetentionStatements.MOVED);
                    for (int i = 0; i < source.primaryKey().size(); i++) {
                        last.add(rs.getString(RetentionStatements.FIRST_KEY + i));
                    }
                }
                if (progressKey != null && moved > 0) {
                    RunProgress.addBatch(c, progressKey, moved);
                }
                c.commit();
            } catch (SQLException e) {
                rollbackQuietly(c);
                Optional<RetentionProblem> problem = permanentProblem(e, source.label(), rows);
                if (problem.isPresent()) {
                    return new Slice(End.FAILED, rows, batches, longest, problem.get());
                }
                return new Slice(End.INTERRUPTED, rows, batches, longest,
                        new RetentionProblem(RetentionPolicyReason.Interrupted, ServerMessages.primary(e)));
            } finally {
                restoreAutocommit(c);
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            longest = took.compareTo(longest) > 0 ? took : longest;
            if (moved > 0) {
                rows += moved;
                batches++;
                progress.batch(batches, moved, runRows + rows, took);
            }
            if (selected < batchSize) {
                return new Slice(End.DONE, rows, batches, longest, null);
            }
            after = last;
        }
        return new Slice(End.DEADLINE, rows, batches, longest, null);
    }

    private static TableShape createArchive(Connection c, RetentionPolicySpec spec, TableShape source) throws SQLException {
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            for (String ddl : RetentionStatements.createArchive(source, Identifiers.quoteQualified(spec.archive.table))) {
                st.execute(ddl);
            }
            c.commit();
        } catch (SQLException e) {
            rollbackQuietly(c);
            throw e;
        } finally {
            restoreAutocommit(c);
        }
        return RetentionCatalog.table(c, spec.archive.table)
                // undefined_table: a state, so that the run fails instead of retrying as if the server were away
                .orElseThrow(() -> new SQLException("archive table " + spec.archive.table + " was created but cannot be found",
                        "42P01"));
    }

    /**
     * A failure the next attempt would meet again, as a problem that ends the run; empty for one
     * that a later attempt may not meet (connection, shutdown, timeouts, deadlocks).
     */
    public static Optional<RetentionProblem> permanentProblem(SQLException e, String source, long movedBefore) {
        if (SqlStates.classify(e) != SqlStates.Kind.PERMANENT) {
            return Optional.empty();
        }
        String state = e.getSQLState();
        ServerErrorMessage server = e instanceof PSQLException p ? p.getServerErrorMessage() : null;
        String constraint = server == null ? null : server.getConstraint();
        String moved = "; " + movedBefore + " rows moved before the run stopped";
        if ("23503".equals(state)) {
            String table = server == null || server.getTable() == null ? "another table"
                    : (server.getSchema() == null ? "" : server.getSchema() + ".") + server.getTable();
            return Optional.of(new RetentionProblem(RetentionPolicyReason.ForeignKeyReferenced, "rows of " + source
                    + " due to move are still referenced from " + table + " through constraint " + constraint + moved));
        }
        return Optional.of(new RetentionProblem(RetentionPolicyReason.RunFailed, "failed (" + state + "): " + ServerMessages.primary(e)
                + (constraint == null ? "" : " [constraint " + constraint + "]") + moved));
    }

    private static PreparedStatement prepare(Connection c, BoundStatement statement) throws SQLException {
        PreparedStatement ps = c.prepareStatement(statement.sql());
        int i = 1;
        for (Object parameter : statement.parameters()) {
            if (parameter instanceof Integer n) {
                ps.setInt(i++, n);
            } else {
                ps.setString(i++, (String) parameter);
            }
        }
        return ps;
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // The connection is gone; the server rolled the transaction back with it.
        }
    }

    private static void restoreAutocommit(Connection c) {
        try {
            c.setAutoCommit(true);
        } catch (SQLException ignored) {
            // A broken connection is discarded by its pool; nothing to restore.
        }
    }

    /** The source and archive as the catalog shows them, and the first problem with them. */
    private record Tables(Optional<TableShape> source, Optional<TableShape> archive, Optional<RetentionProblem> problem) {

        static Tables read(Connection c, RetentionPolicySpec spec) throws SQLException {
            Optional<TableShape> source = RetentionCatalog.table(c, spec.table);
            Optional<TableShape> archive = spec.action == RetentionPolicySpec.Action.ARCHIVE
                    ? RetentionCatalog.table(c, spec.archive.table)
                    : Optional.empty();
            var referencing = source.isPresent() ? RetentionCatalog.referencing(c, source.get())
                    : List.<io.workflowdb.operator.retention.model.ReferencingKey> of();
            return new Tables(source, archive, RetentionChecks.problem(spec, source, archive, referencing));
        }

        String sourceLabel(RetentionPolicySpec spec) {
            return source.map(TableShape::label).orElse(spec.table);
        }

        String archiveLabel(RetentionPolicySpec spec) {
            return spec.action != RetentionPolicySpec.Action.ARCHIVE ? null
                    : archive.map(TableShape::label).orElse(spec.archive.table);
        }
    }
}
