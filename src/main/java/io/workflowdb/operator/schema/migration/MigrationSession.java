package io.workflowdb.operator.schema.migration;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;

/**
 * Session settings for each migration. Flyway puts its history schema ({@code workflowdb}) first on
 * the search_path while a migration runs; this puts back the path the migration expects, and bounds
 * how long its statements may wait for locks and run.
 *
 * <p>Inside the migration's transaction the settings are {@code SET LOCAL} and vanish with it, so
 * the caller's pooled connections come back unchanged. A migration Flyway runs outside a
 * transaction (CREATE INDEX CONCURRENTLY) gets session settings, reset once it ends.
 */
final class MigrationSession implements Callback {

    static final String LOCK_TIMEOUT = "10s";
    static final String STATEMENT_TIMEOUT = "15min";

    private final String searchPath;
    private boolean resetAfterMigration;

    /** @param searchPath a schema name, or {@code DEFAULT} for the role's and database's own path */
    MigrationSession(String searchPath) {
        this.searchPath = searchPath;
    }

    @Override
    public boolean supports(Event event, Context context) {
        return event == Event.BEFORE_EACH_MIGRATE || event == Event.AFTER_EACH_MIGRATE
                || event == Event.AFTER_EACH_MIGRATE_ERROR;
    }

    /**
     * False so that Flyway runs this directly on the migration's connection, inside the migration's
     * own transaction; otherwise it would wrap the callback in a transaction of its own and commit.
     */
    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return false;
    }

    @Override
    public void handle(Event event, Context context) {
        try {
            Connection connection = context.getConnection();
            if (event == Event.BEFORE_EACH_MIGRATE) {
                boolean inTransaction = !connection.getAutoCommit();
                String scope = inTransaction ? "SET LOCAL " : "SET ";
                execute(connection, scope + "search_path TO " + searchPath,
                        scope + "lock_timeout TO '" + LOCK_TIMEOUT + "'",
                        scope + "statement_timeout TO '" + STATEMENT_TIMEOUT + "'");
                resetAfterMigration = !inTransaction;
            } else if (resetAfterMigration) {
                execute(connection, "RESET lock_timeout", "RESET statement_timeout");
                resetAfterMigration = false;
            }
        } catch (SQLException e) {
            throw new FlywayException("cannot prepare the migration session: " + e.getMessage(), e);
        }
    }

    @Override
    public String getCallbackName() {
        return "workflowdb-migration-session";
    }

    private static void execute(Connection connection, String... statements) throws SQLException {
        try (Statement st = connection.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        }
    }
}
