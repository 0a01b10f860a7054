package io.workflowdb.operator.maintenance.execute;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import io.workflowdb.operator.sql.SessionSettings;

/** Per-statement limits on the maintenance session, set before each action and reset after the run. */
final class SessionLimits {

    static final Duration SOCKET_MARGIN = Duration.ofMinutes(1);

    private SessionLimits() {
    }

    /** @param lockTimeout null for no limit of its own (the statement timeout still applies) */
    static void set(Connection c, Duration statementTimeout, Duration lockTimeout) throws SQLException {
        setting(c, "statement_timeout", statementTimeout.toMillis());
        setting(c, "lock_timeout", lockTimeout == null ? 0 : lockTimeout.toMillis());
        allowOnTheSocket(c, statementTimeout);
    }

    /**
     * Raises the connection's socket timeout above the statement timeout when an action may run
     * longer than the pool's default allows, so that only the server's own limit stops it.
     */
    private static void allowOnTheSocket(Connection c, Duration statementTimeout) throws SQLException {
        long needed = statementTimeout.plus(SOCKET_MARGIN).toMillis();
        int current = c.getNetworkTimeout();
        if (current != 0 && current < needed) {
            c.setNetworkTimeout(Runnable::run, (int) Math.min(Integer.MAX_VALUE, needed));
        }
    }

    /** Gives a pooled connection back with the server's defaults; a broken one is left to its pool. */
    static void reset(Connection c) {
        try (Statement st = c.createStatement()) {
            st.execute("RESET statement_timeout");
            st.execute("RESET lock_timeout");
        } catch (SQLException ignored) {
            // the connection is gone and takes its settings with it
        }
    }

    private static void setting(Connection c, String name, long millis) throws SQLException {
        SessionSettings.set(c, name, Long.toString(millis));
    }
}
