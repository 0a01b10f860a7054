package io.workflowdb.operator.maintenance.execute;

import java.sql.Connection;
import java.sql.SQLException;


/** How maintenance tells a failed action from a lost connection. */
public final class SqlErrors {

    /** The SQLSTATE of a statement cancelled by statement_timeout (or by a cancel request). */
    static final String QUERY_CANCELED = "57014";

    private SqlErrors() {
    }

    /**
     * The connection broke or the server is going away (shutdown, termination of the backend): not
     * the action's fault, so the run resumes instead of recording a failure.
     */
    public static boolean connectionLost(Connection c, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")) {
            return true;
        }
        try {
            return c.isClosed();
        } catch (SQLException closed) {
            return true;
        }
    }
}
