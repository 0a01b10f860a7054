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
import io.workflowdb.operator.sql.BoundedLocks;
import io.workflowdb.operator.sql.Identifiers.QualifiedName;
import io.workflowdb.operator.sql.SqlStates;
import io.workflowdb.operator.sql.SessionSettings;

/**
 * Runs planned actions on an autocommit connection, each index on its own: a failure ends that
 * index's action, is recorded with PostgreSQL's message, and the next index goes ahead. A lost
 * connection is not an index's fault and propagates, so the caller retries later.
 *
 * <p>Locks: a concurrent build or drop waits for older transactions to end, which blocks nobody,
 * under the session's lock_timeout. Every other step (the parent's index {@code ON ONLY}, which takes
 * SHARE on a partitioned table; attaching a child index, ACCESS EXCLUSIVE on that new index; the
 * renames of a swap; dropping a partitioned index, ACCESS EXCLUSIVE on the table and its partitions)
 * waits at most {@link BoundedLocks#LOCK_TIMEOUT} per attempt and is retried ({@link BoundedLocks#DEFAULT}).
 */
final class IndexExecutor {

    private static final Logger LOG = Logger.getLogger(IndexExecutor.class);

    /** How long a concurrent build or drop waits for older transactions before it gives up. */
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
                if (step.retired() != null && SqlStates.classify(e) == SqlStates.Kind.LOCK_TIMEOUT) {
                    // the new index serves under the declared name; only the old one is left over
                    LOG.infof("index %s: rebuilt; the previous index %s stays until a later pass can drop it: %s",
                            run.index(), step.retired().name(), message);
                    failures.add(new IndexFailure(step.retired().name(), "left over from the rebuild of " + run.index()
                            + " and not dropped yet (" + message + "); a later pass drops it"));
                    return;
                }
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
        if (step.concurrent()) {
            for (String sql : step.statements()) {
                send(sql);
            }
            return;
        }
        if (!step.transaction()) {
            BoundedLocks.autocommit(connection, BoundedLocks.DEFAULT, c -> {
                for (String sql : step.statements()) {
                    send(sql);
                }
                return null;
            });
            return;
        }
        int[] attempts = { 0 };
        try {
            BoundedLocks.inTransaction(connection, BoundedLocks.DEFAULT, c -> {
                if (attempts[0]++ > 0) {
                    executed.add("ROLLBACK");
                }
                executed.add("BEGIN");
                for (String sql : step.statements()) {
                    send(sql);
                }
                return null;
            });
            executed.add("COMMIT");
        } catch (SQLException | RuntimeException e) {
            executed.add("ROLLBACK");
            throw e;
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
