package io.workflowdb.operator.schema.migration;

import java.sql.SQLException;

import org.flywaydb.core.internal.exception.FlywayMigrateException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** Turns a failed migration into one readable line in PostgreSQL's words. */
final class MigrationErrors {

    private MigrationErrors() {
    }

    static String describe(FlywayMigrateException e) {
        String where = e.getLineNumber() > 0 ? "statement at line " + e.getLineNumber() + ": " : "";
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return where + postgresMessage(sql);
            }
        }
        return where + e.getMessage();
    }

    private static String postgresMessage(SQLException e) {
        ServerErrorMessage server = e instanceof PSQLException p ? p.getServerErrorMessage() : null;
        if (server == null) {
            return e.getMessage();
        }
        StringBuilder text = new StringBuilder(server.getMessage());
        if (server.getDetail() != null) {
            text.append(" (").append(server.getDetail()).append(')');
        }
        if (server.getHint() != null) {
            text.append("; hint: ").append(server.getHint());
        }
        return text.append(" [SQLSTATE ").append(server.getSQLState()).append(']').toString();
    }
}
