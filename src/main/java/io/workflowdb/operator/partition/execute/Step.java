package io.workflowdb.operator.partition.execute;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The statements of one action on an autocommit connection: either one transaction that commits
 * as a whole or rolls back as a whole, or a single statement outside any transaction block.
 */
final class Step {

    /** Work to do inside the step's transaction; it may run several statements through the step. */
    interface Work<T> {
        T run(Step step) throws SQLException;
    }

    private final Connection connection;
    private final boolean dryRun;
    private final List<String> executed = new ArrayList<>();

    Step(Connection connection) {
        this(connection, false);
    }

    /** @param dryRun record the statements that change something instead of running them; reads still run */
    Step(Connection connection, boolean dryRun) {
        this.connection = connection;
        this.dryRun = dryRun;
    }

    void inTransaction(List<String> statements) throws SQLException {
        inTransaction(step -> {
            for (String sql : statements) {
                step.execute(sql);
            }
            return null;
        });
    }

    <T> T inTransaction(Work<T> work) throws SQLException {
        if (dryRun) {
            return work.run(this);
        }
        connection.setAutoCommit(false);
        try {
            T result = work.run(this);
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            executed.clear();
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /** For catalog reads with bound parameters inside the step's transaction. */
    Connection connection() {
        return connection;
    }

    /** One statement in autocommit, for what PostgreSQL refuses inside a transaction block. */
    void autocommit(String sql) throws SQLException {
        execute(sql);
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

    /** The parent's live columns in their order, for a column list that does not depend on '*'. */
    List<String> columnsOf(ParentTable parent) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("""
                SELECT attname FROM pg_attribute
                 WHERE attrelid = to_regclass(?) AND attnum > 0 AND NOT attisdropped ORDER BY attnum""")) {
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
