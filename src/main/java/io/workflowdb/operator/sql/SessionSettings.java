package io.workflowdb.operator.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Settings such as {@code lock_timeout} and {@code statement_timeout} for a stretch of work on a pooled
 * connection: {@link #apply} sets them for the session and {@link #close} puts back what they replaced,
 * so the connection returns to its pool as it came. {@link #local} sets one for the current
 * transaction only. Values are bound, never spliced into SQL.
 */
public final class SessionSettings implements AutoCloseable {

    private final Connection connection;
    private final Map<String, String> previous;

    private SessionSettings(Connection connection, Map<String, String> previous) {
        this.connection = connection;
        this.previous = previous;
    }

    /** Sets each setting, in order, for the session, remembering the value each replaces. */
    public static SessionSettings apply(Connection connection, Map<String, String> settings) throws SQLException {
        Map<String, String> previous = new LinkedHashMap<>();
        for (Map.Entry<String, String> setting : settings.entrySet()) {
            previous.put(setting.getKey(), current(connection, setting.getKey()));
            set(connection, setting.getKey(), setting.getValue(), false);
        }
        return new SessionSettings(connection, previous);
    }

    /** Sets one setting for the session, for good: the caller resets it (or the pool's session ends). */
    public static void set(Connection connection, String name, String value) throws SQLException {
        set(connection, name, value, false);
    }

    /** Sets one setting for the current transaction ({@code SET LOCAL}); it ends with the transaction. */
    public static void local(Connection connection, String name, String value) throws SQLException {
        set(connection, name, value, true);
    }

    /** Puts back what {@link #apply} replaced; a closed connection takes its settings with it. */
    @Override
    public void close() throws SQLException {
        if (connection.isClosed()) {
            return;
        }
        for (Map.Entry<String, String> setting : previous.entrySet()) {
            set(connection, setting.getKey(), setting.getValue(), false);
        }
    }

    private static String current(Connection connection, String name) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement("SELECT pg_catalog.current_setting(?)")) {
            st.setString(1, name);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static void set(Connection connection, String name, String value, boolean local) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement("SELECT pg_catalog.set_config(?, ?, ?)")) {
            st.setString(1, name);
            st.setString(2, value);
            st.setBoolean(3, local);
            st.execute();
        }
    }
}
