package io.workflowdb.operator.schema.index;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.Logger;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import io.workflowdb.operator.schema.index.IndexAction.Refuse;
import io.workflowdb.operator.schema.index.IndexAction.Run;
import io.workflowdb.operator.sql.Identifiers.QualifiedName;
import io.workflowdb.operator.sql.SqlStates;
import io.workflowdb.operator.sql.SessionSettings;

/**
 * Runs planned actions on an autocommit connection, each index on its own: a failure ends that
 * index's action, is recorded with PostgreSQL's message, and the next index goes ahead. A lost
 * connection is not an index's fault and propagates, so the caller retries later.
 */
final class IndexExecutor {

    private static final Logger LOG = Logger.getLogger(IndexExecutor.class);

    /** DDL waits this long for a lock, then fails instead of queueing every later reader behind it. */
    static final String LOCK_TIMEOUT = "5s";
    /** A concurrent build of a large table takes a while; a stuck one must still end. */
    static final String STATEMENT_TIMEOUT = "30min";


    private final Connection connection;
    private final List<String> executed = new ArrayList<>();
    private final List<IndexFailure> failures = new ArrayList<>();

    private IndexExecutor(Connection connection) {
        this.connection = connection;
    }

    record Outcome(List<String> executed, List<IndexFailure> failures) {
    }

    static Outcome execute(Connection connection, List<IndexAction> actions) throws SQLException {
        IndexExecutor executor = new IndexExecutor(connection);
        // the connection goes back to its pool as it came
        try (SessionSettings limits = SessionSettings.apply(connection,
                java.util.Map.of("lock_timeout", LOCK_TIMEOUT, "statement_timeout", STATEMENT_TIMEOUT))) {
            for (IndexAction action : actions) {
                executor.runOrRecord(action);
            }
        }
        return new Outcome(List.copyOf(executor.executed), List.copyOf(executor.failures));
    }

    private void runOrRecord(IndexAction action) throws SQLException {
        if (action instanceof Refuse refuse) {
            failures.add(new IndexFailure(refuse.index(), refuse.message()));
            return;
        }
        Run run = (Run) action;
        for (IndexStep step : run.steps()) {
            try {
                runStep(step);
            } catch (SQLException e) {
                if (SqlStates.connectionLost(e)) {
                    throw e;
                }
                String message = postgresMessage(e);
                LOG.warnf("index %s: %s", run.index(), message);
                if (step.concurrentBuild() != null && !SqlStates.DUPLICATE_TABLE.equals(e.getSQLState())) {
                    message = dropFailedBuild(step.concurrentBuild(), message);
                }
                failures.add(new IndexFailure(run.index(), message));
                return;
            }
        }
    }

    private void runStep(IndexStep step) throws SQLException {
        if (!step.transaction()) {
            for (String sql : step.statements()) {
                send(sql);
            }
            return;
        }
        connection.setAutoCommit(false);
        executed.add("BEGIN");
        try {
            for (String sql : step.statements()) {
                send(sql);
            }
            connection.commit();
            executed.add("COMMIT");
        } catch (SQLException e) {
            connection.rollback();
            executed.add("ROLLBACK");
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private void send(String sql) throws SQLException {
        try (Statement st = connection.createStatement()) {
            executed.add(sql);
            st.execute(sql);
        }
    }

    /** A failed CREATE INDEX CONCURRENTLY leaves an INVALID index that slows every write: drop it now. */
    private String dropFailedBuild(QualifiedName index, String message) {
        String sql = "SELECT NOT i.indisvalid FROM pg_index i WHERE i.indexrelid = to_regclass(?)";
        try (PreparedStatement st = connection.prepareStatement(sql)) {
            st.setString(1, IndexStatements.quote(index));
            try (ResultSet rs = st.executeQuery()) {
                if (rs.next() && rs.getBoolean(1)) {
                    runStep(IndexStatements.drop(index, false));
                }
            }
            return message;
        } catch (SQLException e) {
            return message + "; the INVALID index the failed build left could not be dropped yet: " + postgresMessage(e);
        }
    }

    /** PostgreSQL's own message, with its detail (such as the duplicated key) when it gave one. */
    static String postgresMessage(SQLException e) {
        if (e instanceof PSQLException p && p.getServerErrorMessage() != null) {
            ServerErrorMessage server = p.getServerErrorMessage();
            return server.getDetail() == null ? server.getMessage() : server.getMessage() + ": " + server.getDetail();
        }
        return e.getMessage();
    }

}
