package io.workflowdb.operator.maintenance.execute;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import io.workflowdb.operator.api.v1alpha1.MaintenancePolicyStatus.ActionResult;
import io.workflowdb.operator.api.v1alpha1.MaintenancePolicyStatus.ActionResult.Outcome;
import io.workflowdb.operator.maintenance.plan.MaintenanceAction;
import io.workflowdb.operator.sql.ServerMessages;
import io.workflowdb.operator.sql.SqlStates;

/**
 * Runs one action's statement in autocommit (VACUUM and the CONCURRENTLY forms refuse a transaction
 * block) under its own statement timeout. A failure becomes the action's result; only a lost
 * connection is thrown.
 */
final class ActionRunner {

    private static final Logger LOG = Logger.getLogger(ActionRunner.class);

    private ActionRunner() {
    }

    static ActionResult run(Connection c, MaintenanceAction action, Duration timeout) throws SQLException {
        if (action.sql() == null) {
            return new ActionResult(action.name(), Outcome.Succeeded, 0L, action.note());
        }
        long started = System.nanoTime();
        try {
            SessionLimits.set(c, timeout, action.lockTimeout());
            try (Statement st = c.createStatement()) {
                st.execute(action.sql());
            }
            return new ActionResult(action.name(), Outcome.Succeeded, millisSince(started), action.note());
        } catch (SQLException e) {
            if (SqlErrors.connectionLost(c, e)) {
                throw e;
            }
            String message = ServerMessages.primary(e);
            if (SqlStates.QUERY_CANCELED.equals(e.getSQLState())) {
                message += " (limit " + timeout.toMillis() + " ms)";
            }
            LOG.warnf("maintenance action %s failed: %s", action.name(), message);
            return new ActionResult(action.name(), Outcome.Failed, millisSince(started), message);
        }
    }

    static long millisSince(long nanoTime) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanoTime);
    }
}
