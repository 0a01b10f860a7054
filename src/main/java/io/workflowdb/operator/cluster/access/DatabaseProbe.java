package io.workflowdb.operator.cluster.access;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.postgresql.core.BaseConnection;

import io.workflowdb.operator.sql.ConnectionSettings;

/** Connects and runs {@code SELECT 1}: the reachability test of an external database. */
public final class DatabaseProbe {

    static final int STATEMENT_TIMEOUT_MS = 5000;

    /** What the probe found: the primary it reached, or the driver's message (password removed). */
    public record Result(boolean reachable, String primary, String message) {
    }

    private DatabaseProbe() {
    }

    public static Result check(DataSource dataSource, ConnectionSettings settings) {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.setQueryTimeout(STATEMENT_TIMEOUT_MS / 1000);
            st.execute("SELECT 1");
            return new Result(true, connectedHost(c), "connected to database " + settings.database() + " as "
                    + settings.username());
        } catch (SQLException e) {
            return new Result(false, null, settings.redact(e.getMessage()));
        }
    }

    /** The host:port the multi-host URL settled on, which is the primary. */
    private static String connectedHost(Connection c) throws SQLException {
        if (c.isWrapperFor(BaseConnection.class)) {
            return c.unwrap(BaseConnection.class).getQueryExecutor().getHostSpec().toString();
        }
        return null;
    }
}
