package io.workflowdb.operator.maintenance.execute;

import java.sql.Connection;
import java.sql.SQLException;

import io.workflowdb.operator.sql.SqlStates;


/** How maintenance tells a failed action from a lost connection. */
public final class SqlErrors {

    private SqlErrors() {
    }

    /**
     * The connection broke or the server is going away (shutdown, termination of the backend): not
     * the action's fault, so the run resumes instead of recording a failure.
     */
    public static boolean connectionLost(Connection c, SQLException e) {
        if (SqlStates.connectionLost(e)) {
            return true;
        }
        try {
            return c.isClosed();
        } catch (SQLException closed) {
            return true;
        }
    }
}
