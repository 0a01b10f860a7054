package io.workflowdb.operator.sql;

import java.sql.SQLException;

/**
 * The one reading of PostgreSQL's SQLSTATEs every capability shares: whether a failure means the
 * connection is gone, and whether a later attempt may not meet it again.
 */
public final class SqlStates {

    /** A statement cancelled by statement_timeout (or by a cancel request). */
    public static final String QUERY_CANCELED = "57014";
    /** lock_timeout ran out, or NOWAIT found the lock taken. */
    public static final String LOCK_NOT_AVAILABLE = "55P03";
    public static final String DUPLICATE_TABLE = "42P07";

    /** The three ways a failed statement is read. */
    public enum Kind {
        /** A later attempt may not meet it: the connection, the server, resources, serialization, deadlock. */
        TRANSIENT,
        /** lock_timeout ran out (or NOWAIT found the lock taken): try again after a pause. */
        LOCK_TIMEOUT,
        /** The same statement would fail the same way: a problem to report. */
        PERMANENT
    }

    private SqlStates() {
    }

    public static Kind classify(SQLException e) {
        if (LOCK_NOT_AVAILABLE.equals(state(e))) {
            return Kind.LOCK_TIMEOUT;
        }
        return isTransient(e) ? Kind.TRANSIENT : Kind.PERMANENT;
    }

    /**
     * The connection broke, or the server ended this backend (shutdown, termination, crash recovery):
     * not the statement's fault.
     */
    public static boolean connectionLost(SQLException e) {
        String state = state(e);
        return state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03");
    }

    /**
     * A failure a later attempt may not meet: a lost connection or no state at all, an operator
     * intervention or timeout (class 57), insufficient resources (53), a lock not available,
     * a serialization failure or a deadlock. Everything else would fail again as it is.
     */
    public static boolean isTransient(SQLException e) {
        String state = state(e);
        return state.isEmpty() || state.startsWith("08") || state.startsWith("57") || state.startsWith("53")
                || state.equals(LOCK_NOT_AVAILABLE) || state.equals("40001") || state.equals("40P01");
    }

    private static String state(SQLException e) {
        return e.getSQLState() == null ? "" : e.getSQLState();
    }
}
