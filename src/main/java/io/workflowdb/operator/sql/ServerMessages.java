package io.workflowdb.operator.sql;

import java.sql.SQLException;

import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** How an error reaches status, Events and logs in PostgreSQL's own words. */
public final class ServerMessages {

    private ServerMessages() {
    }

    /**
     * The server's primary message ({@code relation "x" does not exist}) without the driver's
     * decorations, or the driver's message when the server said nothing. Never the detail lines:
     * they can quote row values (a duplicate key's, for one).
     */
    public static String primary(SQLException e) {
        ServerErrorMessage server = e instanceof PSQLException p ? p.getServerErrorMessage() : null;
        return server == null || server.getMessage() == null ? e.getMessage() : server.getMessage();
    }
}
