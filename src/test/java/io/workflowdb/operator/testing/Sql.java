package io.workflowdb.operator.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

/** Statements a test runs to set up or inspect a database, failing the test on any SQL error. */
public final class Sql {

    private Sql() {
    }

    /** Runs the statements in order on one connection, in autocommit. */
    public static void execute(DataSource database, String... statements) {
        try (Connection c = database.getConnection(); Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
