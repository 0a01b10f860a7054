package io.workflowdb.operator.partition.execute;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import io.workflowdb.operator.sql.BoundedLocks;

/**
 * The statements of one action on an autocommit connection: either one transaction that commits
 * as a whole or rolls back as a whole, or a single statement outside any transaction block. Every
 * attempt waits at most the policy's short lock_timeout for a lock and is retried after a pause
 * ({@link BoundedLocks}), so a step never stands long in a lock queue in front of the application.
 */
final class Step {

    /** Work to do inside the step's transaction; it may run several statements through the step. */
    interface Work<T> {
        T run(Step step) throws SQLException;
    }

    /** Picks the statement of an autocommit attempt, again before each attempt. */
    interface Choice {
        String statement() throws SQLException;
    }

    private final Connection connection;
    private final boolean dryRun;
    private final BoundedLocks.Policy locks;
    private final List<String> executed = new ArrayList<>();

    /**
     * @param dryRun record the statements that change something instead of running them; reads still run
     * @param locks how long each attempt waits for a lock and how often it is tried
     */
    Step(Connection connection, boolean dryRun, BoundedLocks.Policy locks) {
        this.connection = connection;
        this.dryRun = dryRun;
        this.locks = locks;
    }

    void inTransaction(List<String> statements) throws SQLException {
        inTransaction(step -> {
            for (String sql : statements) {
                step.execute(sql);
            }
            return null;
        });
    }

    /** Runs the work in one transaction; an attempt that is retried leaves no statement in {@link #executed}. */
    <T> T inTransaction(Work<T> work) throws SQLException {
        if (dryRun) {
            return work.run(this);
        }
        int mark = executed.size();
        try {
            return BoundedLocks.inTransaction(connection, locks, c -> {
                executed.subList(mark, executed.size()).clear();
                return work.run(this);
            });
        } catch (SQLException | RuntimeException e) {
            executed.clear();
            throw e;
        }
    }

    /** For catalog reads with bound parameters inside the step's transaction. */
    Connection connection() {
        return connection;
    }

    /** One statement in autocommit, for what PostgreSQL refuses inside a transaction block. */
    void autocommit(String sql) throws SQLException {
        autocommit(() -> sql);
    }

    /** As {@link #autocommit(String)}, the statement chosen before each attempt from what the last one left. */
    void autocommit(Choice choice) throws SQLException {
        if (dryRun) {
            execute(choice.statement());
            return;
        }
        int mark = executed.size();
        try {
            BoundedLocks.autocommit(connection, locks, c -> {
                executed.subList(mark, executed.size()).clear();
                return execute(choice.statement());
            });
        } catch (SQLException | RuntimeException e) {
            executed.clear();
            throw e;
        }
    }

    /** Runs a statement and returns its update count. */
    long execute(String sql) throws SQLException {
        if (dryRun) {
            executed.add(sql);
            return 0;
        }
        try (Statement st = connection.createStatement()) {
            st.execute(sql);
            executed.add(sql);
            return Math.max(st.getLargeUpdateCount(), 0);
        }
    }

    boolean queryBoolean(String sql) throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /** Whether a relation of this (quoted) name exists, the name bound as a parameter. */
    boolean relationExists(String quotedName) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, quotedName);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** Whether the partition is left half detached by an interrupted {@code DETACH ... CONCURRENTLY}. */
    boolean detachPending(ParentTable parent, String partition) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT EXISTS (SELECT 1 FROM pg_inherits WHERE inhrelid = to_regclass(?) AND inhdetachpending)")) {
            ps.setString(1, parent.qualify(partition));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /**
     * The parent's live columns in their order, for a column list that does not depend on '*';
     * generated columns left out, since the new table computes them itself.
     */
    List<String> columnsOf(ParentTable parent) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("""
                SELECT attname FROM pg_attribute
                 WHERE attrelid = to_regclass(?) AND attnum > 0 AND NOT attisdropped AND attgenerated = ''
                 ORDER BY attnum""")) {
            ps.setString(1, parent.quoted());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                }
            }
        }
        return columns;
    }

    List<String> executed() {
        return List.copyOf(executed);
    }
}
