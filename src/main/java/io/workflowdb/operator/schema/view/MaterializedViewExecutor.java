package io.workflowdb.operator.schema.view;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import io.workflowdb.operator.schema.view.ViewAction.Refuse;
import io.workflowdb.operator.sql.BoundedLocks;
import io.workflowdb.operator.sql.ServerMessages;
import io.workflowdb.operator.sql.SqlStates;

/**
 * Runs planned actions on one connection. Views are independent: a failing statement is rolled back,
 * recorded with PostgreSQL's message, and skips the remaining actions of that view only. A lost
 * connection is not a view's fault and propagates, so the caller retries.
 *
 * <p>The swap of a rebuilt view, a plain refresh and a drop take ACCESS EXCLUSIVE on a view the
 * application reads: every batch waits at most {@link BoundedLocks#LOCK_TIMEOUT} per attempt and is
 * retried ({@link BoundedLocks#DEFAULT}), so readers never queue long behind it. A swap that still
 * cannot get its lock fails with the lock timeout; the built {@code _next} view stays and the next
 * pass swaps it in without building again.
 */
final class MaterializedViewExecutor {

    private static final Logger LOG = Logger.getLogger(MaterializedViewExecutor.class);

    private final Connection connection;
    private final Clock clock;

    MaterializedViewExecutor(Connection connection, Clock clock) {
        this.connection = connection;
        this.clock = clock;
    }

    /** Outcomes keyed by {@link ViewAction#view()}. */
    Map<String, ViewOutcome> run(List<ViewAction> actions) throws SQLException {
        Map<String, ViewOutcome> outcomes = new LinkedHashMap<>();
        boolean anySql = actions.stream().anyMatch(a -> !ViewSql.batches(a).isEmpty());
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(true);
        try {
            if (anySql) {
                execute(ViewSql.SESSION_SETTINGS);
            }
            for (ViewAction action : actions) {
                ViewOutcome earlier = outcomes.get(action.view());
                if (earlier != null && earlier.isFailure()) {
                    continue;
                }
                if (action instanceof Refuse refuse) {
                    outcomes.put(refuse.view(), ViewOutcome.failed(refuse.reason()));
                    continue;
                }
                runOne(action, outcomes);
            }
        } finally {
            if (!connection.isClosed()) {
                if (anySql) {
                    execute(ViewSql.SESSION_RESET);
                }
                connection.setAutoCommit(autoCommit);
            }
        }
        return outcomes;
    }

    private void runOne(ViewAction action, Map<String, ViewOutcome> outcomes) throws SQLException {
        long started = System.nanoTime();
        try {
            for (SqlBatch batch : ViewSql.batches(action)) {
                if (batch.transactional()) {
                    BoundedLocks.inTransaction(connection, BoundedLocks.DEFAULT, c -> execute(batch.statements()));
                } else {
                    BoundedLocks.autocommit(connection, BoundedLocks.DEFAULT, c -> execute(batch.statements()));
                }
            }
        } catch (SQLException e) {
            if (connectionLost(e)) {
                throw e;
            }
            String message = ServerMessages.primary(e);
            LOG.warnf("materialized view %s: %s", action.view(), message);
            outcomes.put(action.view(), ViewOutcome.failed(message));
            return;
        }
        if (action.refreshes()) {
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            outcomes.put(action.view(), ViewOutcome.refreshed(clock.instant(), millis));
        }
    }

    private Void execute(List<String> statements) throws SQLException {
        try (Statement st = connection.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        }
        return null;
    }

    private boolean connectionLost(SQLException e) throws SQLException {
        return connection.isClosed() || SqlStates.connectionLost(e);
    }
}
