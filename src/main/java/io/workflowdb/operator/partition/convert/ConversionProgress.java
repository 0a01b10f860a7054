package io.workflowdb.operator.partition.convert;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.workflowdb.operator.api.v1alpha1.ConversionStatus.Phase;

/**
 * Where a conversion is, kept in the database it works on ({@code workflowdb.conversion_progress}),
 * one row per table: the phase, the copy's position in the original's pages, and its figures. Each
 * change of phase commits with the work it records (a batch moves the position in the transaction
 * that copies its rows; the swap records itself in the swap's transaction), so a conversion killed
 * at any point resumes from what the database says. Status is a copy of this row, never the source.
 */
public final class ConversionProgress {

    static final String TABLE = "workflowdb.conversion_progress";

    private static final String CREATE = """
            CREATE TABLE IF NOT EXISTS workflowdb.conversion_progress (
                source text PRIMARY KEY,
                phase text NOT NULL,
                shadow text NOT NULL,
                retired text NOT NULL,
                next_block bigint NOT NULL DEFAULT 0,
                end_block bigint NOT NULL DEFAULT 0,
                rows_copied bigint NOT NULL DEFAULT 0,
                batches integer NOT NULL DEFAULT 0,
                passes integer NOT NULL DEFAULT 0,
                source_rows bigint,
                target_rows bigint,
                started_at timestamptz NOT NULL DEFAULT now(),
                copy_started_at timestamptz,
                updated_at timestamptz NOT NULL DEFAULT now(),
                finished_at timestamptz,
                index_names text[],
                vanished boolean NOT NULL DEFAULT false,
                copy_xmax bigint,
                copy_ended_at timestamptz,
                message text)""";

    private static final String COLUMNS = "phase, shadow, retired, next_block, end_block, rows_copied, batches, passes,"
            + " source_rows, target_rows, started_at, copy_started_at, updated_at, finished_at, message, index_names,"
            + " vanished, copy_ended_at";

    /**
     * One conversion's record.
     *
     * @param source the original table as {@code schema.name}
     * @param shadow the new partitioned table's name while it is built (in the same schema)
     * @param retired the name the original takes at the swap
     * @param nextBlock the first page of the original not copied yet
     * @param endBlock the original's size in pages when the change capture started; later rows come through it
     * @param passes copy passes that ended in a count mismatch and started again
     * @param indexNames the original's indexes in the order of the new table's ({@code _i0} is the primary key)
     * @param vanished a row was deleted (or its key changed) since the change capture began
     * @param copyEndedAt when the copy reached the last page, null before
     */
    public record State(String source, Phase phase, String shadow, String retired, long nextBlock, long endBlock,
            long rowsCopied, int batches, int passes, Long sourceRows, Long targetRows, Instant startedAt,
            Instant copyStartedAt, Instant updatedAt, Instant finishedAt, String message, List<String> indexNames,
            boolean vanished, Instant copyEndedAt) {

        /** Before the swap: an abort leaves the original as it was. */
        public boolean abortable() {
            return phase != Phase.Done;
        }
    }

    private ConversionProgress() {
    }

    /** Creates the table when missing; a conversion cannot run without it, so lacking the right is an error. */
    static void ensure(Connection c) throws SQLException {
        if (exists(c)) {
            return;
        }
        String refusal = "an online conversion keeps its progress in " + TABLE + ", which this role may not create"
                + " or use: grant it CREATE on the database, or create the schema workflowdb owned by it";
        try (Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA IF NOT EXISTS workflowdb");
            st.execute(CREATE);
        } catch (SQLException e) {
            if ("42501".equals(e.getSQLState())) {
                throw new SQLException(refusal, e.getSQLState(), e);
            }
            if (!exists(c)) {
                throw e;
            }
        }
        if (!exists(c)) {
            // it exists, made by another role, and this one may not write to it
            throw new SQLException(refusal, "42501");
        }
    }

    /**
     * Whether the table exists and this role may use it. Read from the catalog, not with
     * {@code to_regclass}, which fails for a role without USAGE on the schema: a policy without a
     * conversion must not fail for a table it never needs.
     */
    static boolean exists(Connection c) throws SQLException {
        return SourceCatalog.queryBoolean(c, """
                SELECT EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                                WHERE n.nspname = 'workflowdb' AND c.relname = 'conversion_progress'
                                  AND has_schema_privilege(n.oid, 'USAGE')
                                  AND has_table_privilege(c.oid, 'SELECT, INSERT, UPDATE, DELETE'))""");
    }

    static Optional<State> read(Connection c, String source) throws SQLException {
        if (!exists(c)) {
            return Optional.empty();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM " + TABLE + " WHERE source = ?")) {
            ps.setString(1, source);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new State(source, Phase.valueOf(rs.getString(1)), rs.getString(2),
                        rs.getString(3), rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getInt(7), rs.getInt(8),
                        (Long) rs.getObject(9), (Long) rs.getObject(10), instant(rs.getTimestamp(11)),
                        instant(rs.getTimestamp(12)), instant(rs.getTimestamp(13)), instant(rs.getTimestamp(14)),
                        rs.getString(15), rs.getArray(16) == null ? List.of()
                                : List.of((String[]) rs.getArray(16).getArray()), rs.getBoolean(17),
                        instant(rs.getTimestamp(18))));
            }
        }
    }

    /** Starts a record in Preparing, replacing a finished one of an earlier conversion of the same name. */
    static void start(Connection c, String source, String shadow, String retired) throws SQLException {
        update(c, "DELETE FROM " + TABLE + " WHERE source = ?", source);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLE
                + " (source, phase, shadow, retired, message) VALUES (?, 'Preparing', ?, ?, 'creating the partitioned table')")) {
            ps.setString(1, source);
            ps.setString(2, shadow);
            ps.setString(3, retired);
            ps.executeUpdate();
        }
    }

    static void phase(Connection c, String source, Phase phase, String message) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + TABLE + " SET phase = ?, message = ?, updated_at = now(),"
                + " finished_at = CASE WHEN ? = 'Done' THEN now() END WHERE source = ?")) {
            ps.setString(1, phase.name());
            ps.setString(2, message);
            ps.setString(3, phase.name());
            ps.setString(4, source);
            ps.executeUpdate();
        }
    }

    /** The change capture is in place: copy pages {@code [0, endBlock)}. */
    static void startCopy(Connection c, String source, long endBlock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + TABLE + " SET phase = 'Copying', next_block = 0,"
                + " end_block = ?, copy_started_at = coalesce(copy_started_at, now()), updated_at = now(),"
                + " message = 'copying' WHERE source = ?")) {
            ps.setLong(1, endBlock);
            ps.setString(2, source);
            ps.executeUpdate();
        }
    }

    /** Records one batch; call inside the batch's transaction. False when another run moved the position. */
    static boolean batch(Connection c, String source, long fromBlock, long toBlock, long rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + TABLE + " SET next_block = ?, rows_copied = rows_copied + ?,"
                + " batches = batches + 1, updated_at = now() WHERE source = ? AND next_block = ? AND phase = 'Copying'")) {
            ps.setLong(1, toBlock);
            ps.setLong(2, rows);
            ps.setString(3, source);
            ps.setLong(4, fromBlock);
            return ps.executeUpdate() == 1;
        }
    }

    static void indexNames(Connection c, String source, List<String> names) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + TABLE + " SET index_names = ? WHERE source = ?")) {
            ps.setArray(1, c.createArrayOf("text", names.toArray()));
            ps.setString(2, source);
            ps.executeUpdate();
        }
    }

    /** The swap committed; the analyze after it has not run yet. */
    static void unfinish(Connection c, String source) throws SQLException {
        update(c, "UPDATE " + TABLE + " SET finished_at = NULL WHERE source = ?", source);
    }

    /**
     * The copy reached the end of the pages: record the transaction horizon of this moment, which
     * every transaction that overlapped the copy lies below.
     */
    static void copied(Connection c, String source) throws SQLException {
        update(c, "UPDATE " + TABLE + " SET phase = 'Verifying', message = 'verifying', updated_at = now(), copy_ended_at = now(),"
                + " copy_xmax = pg_snapshot_xmax(pg_current_snapshot())::text::bigint WHERE source = ?", source);
    }

    /**
     * Whether every transaction that was open while the copy ran has ended: only then may a row it
     * deleted be looked for, and the counts be trusted.
     */
    static boolean copyTransactionsEnded(Connection c, String source) throws SQLException {
        return SourceCatalog.longValue(c, "SELECT (pg_snapshot_xmin(pg_current_snapshot())::text::bigint"
                + " >= coalesce(copy_xmax, 0))::int FROM " + TABLE + " WHERE source = ?", source) == 1;
    }

    static void counts(Connection c, String source, long sourceRows, long targetRows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + TABLE + " SET source_rows = ?, target_rows = ?,"
                + " updated_at = now() WHERE source = ?")) {
            ps.setLong(1, sourceRows);
            ps.setLong(2, targetRows);
            ps.setString(3, source);
            ps.executeUpdate();
        }
    }

    /** Counts differed: copy every page again (rows already there are skipped). */
    static void copyAgain(Connection c, String source, String message) throws SQLException {
        update(c, "UPDATE " + TABLE + " SET phase = 'Copying', next_block = 0, passes = passes + 1, updated_at = now(),"
                + " message = ? WHERE source = ?", message, source);
    }

    static void forget(Connection c, String source) throws SQLException {
        if (exists(c)) {
            update(c, "DELETE FROM " + TABLE + " WHERE source = ?", source);
        }
    }

    private static void update(Connection c, String sql, String... parameters) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setString(i + 1, parameters[i]);
            }
            ps.executeUpdate();
        }
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
