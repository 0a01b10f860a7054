package io.workflowdb.operator.schema.migration;

import static io.workflowdb.operator.testing.Sql.execute;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.postgresql.ds.PGSimpleDataSource;

import io.workflowdb.operator.testing.TestPostgres;

/** Fresh databases on the shared embedded server, and the little SQL the tests need. */
final class TestDatabases {

    private TestDatabases() {
    }

    /** A new, empty database reached as the superuser. */
    static DataSource fresh(String prefix) {
        return TestPostgres.freshDatabase(prefix);
    }

    /** A new database owned by a new login role that is no superuser, reached with its password. */
    static DataSource freshOwnedBy(String role, String password) {
        String name = role + "_db";
        execute(TestPostgres.superuser("postgres"),
                "CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "'",
                "CREATE DATABASE " + name + " OWNER " + role);
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] { "localhost" });
        ds.setPortNumbers(new int[] { TestPostgres.port() });
        ds.setDatabaseName(name);
        ds.setUser(role);
        ds.setPassword(password);
        return ds;
    }


    /** The first column of every row, as text. */
    static List<String> column(DataSource ds, String query) {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(query)) {
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    static String value(DataSource ds, String query) {
        return column(ds, query).get(0);
    }

    /** Whether a table, view or sequence of that name exists in the given schema. */
    static boolean exists(DataSource ds, String schema, String name) {
        return !column(ds, "SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = '" + schema + "' AND c.relname = '" + name + "'").isEmpty();
    }
}
