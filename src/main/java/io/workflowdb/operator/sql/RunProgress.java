package io.workflowdb.operator.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a run committed, kept in the database it works on ({@code workflowdb.run_progress}), so that
 * a run's figures survive whatever happens to the operator: a batch adds its rows in the same
 * transaction that moves them, and an action records its result as soon as it ends. A resumed run
 * reads its figures back from here, never from memory.
 *
 * <p>One row per run and step: a run that counts rows has one step (the empty name); a run of
 * separate actions has one per action. Rows of a policy's earlier runs are removed when its next
 * run starts.
 */
public final class RunProgress {

    public static final String TABLE = "workflowdb.run_progress";

    private static final String CREATE = """
            CREATE TABLE IF NOT EXISTS workflowdb.run_progress (
                run text NOT NULL,
                step text NOT NULL DEFAULT '',
                rows bigint NOT NULL DEFAULT 0,
                batches integer NOT NULL DEFAULT 0,
                outcome text,
                duration_ms bigint,
                message text,
                seq bigserial,
                recorded_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (run, step))""";

    /** The figures of one step. */
    public record Step(String name, long rows, int batches, String outcome, Long durationMs, String message) {
    }

    private RunProgress() {
    }

    /**
     * Creates the table when missing.
     *
     * @return false when the role may not create it, or may not write to the one that exists (then
     *         figures are kept in memory only)
     */
    public static boolean ensure(Connection autocommit) throws SQLException {
        // a table another role made, on which this one may not write, counts as missing: a batch
        // must never fail for want of a progress row
        try (PreparedStatement ps = autocommit.prepareStatement("SELECT to_regclass('" + TABLE + "') IS NOT NULL,"
                + " to_regclass('" + TABLE + "') IS NOT NULL AND has_table_privilege('" + TABLE
                + "', 'SELECT, INSERT, UPDATE, DELETE')"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            if (rs.getBoolean(1)) {
                return rs.getBoolean(2);
            }
        }
        try (Statement st = autocommit.createStatement()) {
            st.execute("CREATE SCHEMA IF NOT EXISTS workflowdb");
            st.execute(CREATE);
            return true;
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            if (state.equals("42501")) {
                return false;
            }
            // two runs created it at once: the other one won
            if (state.equals("23505") || state.equals(SqlStates.DUPLICATE_TABLE) || state.equals("42P06")) {
                return true;
            }
            throw e;
        }
    }

    /** Adds one committed batch of {@code rows} to the run's count; call inside the batch's transaction. */
    public static void addBatch(Connection inTransaction, String run, long rows) throws SQLException {
        try (PreparedStatement ps = inTransaction.prepareStatement("INSERT INTO " + TABLE
                + " AS p (run, rows, batches) VALUES (?, ?, 1) ON CONFLICT (run, step)"
                + " DO UPDATE SET rows = p.rows + excluded.rows, batches = p.batches + 1, recorded_at = now()")) {
            ps.setString(1, run);
            ps.setLong(2, rows);
            ps.executeUpdate();
        }
    }

    /** Starts the run's count at figures recorded elsewhere, unless the table already counts the run. */
    public static void carryOver(Connection autocommit, String run, long rows, int batches) throws SQLException {
        try (PreparedStatement ps = autocommit.prepareStatement("INSERT INTO " + TABLE
                + " (run, rows, batches) VALUES (?, ?, ?) ON CONFLICT (run, step) DO NOTHING")) {
            ps.setString(1, run);
            ps.setLong(2, rows);
            ps.setInt(3, batches);
            ps.executeUpdate();
        }
    }

    /** Records one finished action of the run (a later result of the same action replaces it). */
    public static void recordStep(Connection autocommit, String run, Step step) throws SQLException {
        try (PreparedStatement ps = autocommit.prepareStatement("INSERT INTO " + TABLE
                + " AS p (run, step, outcome, duration_ms, message) VALUES (?, ?, ?, ?, ?) ON CONFLICT (run, step)"
                + " DO UPDATE SET outcome = excluded.outcome, duration_ms = excluded.duration_ms,"
                + " message = excluded.message, recorded_at = now()")) {
            ps.setString(1, run);
            ps.setString(2, step.name());
            ps.setString(3, step.outcome());
            if (step.durationMs() == null) {
                ps.setNull(4, java.sql.Types.BIGINT);
            } else {
                ps.setLong(4, step.durationMs());
            }
            ps.setString(5, step.message());
            ps.executeUpdate();
        }
    }

    /** The run's row count (the empty step), or empty when it committed no batch yet. */
    public static Optional<Step> counted(Connection c, String run) throws SQLException {
        return steps(c, run).stream().filter(s -> s.name().isEmpty()).findFirst();
    }

    /** Every step the run recorded, in the order they were first recorded. */
    public static List<Step> steps(Connection c, String run) throws SQLException {
        List<Step> steps = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT step, rows, batches, outcome, duration_ms, message FROM "
                + TABLE + " WHERE run = ? ORDER BY seq")) {
            ps.setString(1, run);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long duration = rs.getLong(5);
                    steps.add(new Step(rs.getString(1), rs.getLong(2), rs.getInt(3), rs.getString(4),
                            rs.wasNull() ? null : duration, rs.getString(6)));
                }
            }
        }
        return steps;
    }

    /** Removes what earlier runs of the same policy recorded: every run key with {@code prefix} but {@code keep}. */
    public static void forgetOthers(Connection autocommit, String prefix, String keep) throws SQLException {
        try (PreparedStatement ps = autocommit.prepareStatement("DELETE FROM " + TABLE
                + " WHERE starts_with(run, ?) AND run <> ?")) {
            ps.setString(1, prefix);
            ps.setString(2, keep);
            ps.executeUpdate();
        }
    }
}
