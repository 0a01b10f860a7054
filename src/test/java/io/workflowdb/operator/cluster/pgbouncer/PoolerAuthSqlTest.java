package io.workflowdb.operator.cluster.pgbouncer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.workflowdb.operator.testing.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PoolerAuthSqlTest {

    private static final String DATABASE = "pooler_auth_sql_test";
    private static final String AUTH_USER = "pooler_auth_sqltest";
    private static final String APP_USER = "pooler_sqltest_app";
    private static final String APP_PASSWORD = "app-Pa55-sqltest";
    private static final String SUPERUSER = "pooler_sqltest_su";
    private static final String REPLICATOR = "pooler_sqltest_repl";

    @BeforeAll
    static void createDatabaseAndRoles() throws SQLException {
        try (Connection c = TestPostgres.superuser("postgres").getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + DATABASE);
            st.execute("CREATE ROLE " + APP_USER + " LOGIN PASSWORD '" + APP_PASSWORD + "'");
            st.execute("CREATE ROLE " + SUPERUSER + " SUPERUSER LOGIN PASSWORD 'su-Pa55'");
            st.execute("CREATE ROLE " + REPLICATOR + " REPLICATION LOGIN PASSWORD 'repl-Pa55'");
        }
    }

    @AfterAll
    static void dropDatabaseAndRoles() throws SQLException {
        try (Connection c = TestPostgres.superuser("postgres").getConnection(); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
            st.execute("DROP ROLE IF EXISTS " + AUTH_USER + ", " + APP_USER + ", " + SUPERUSER + ", "
                    + REPLICATOR);
        }
    }

    @Test
    void createsTheAuthRoleWithAScramPasswordAndChangesItLater() throws SQLException {
        try (Connection su = TestPostgres.superuser("postgres").getConnection()) {
            PoolerAuthSql.ensureAuthRole(su, AUTH_USER, "first-Pa55");
            assertThat(canLogIn(AUTH_USER, "first-Pa55")).isTrue();

            PoolerAuthSql.ensureAuthRole(su, AUTH_USER, "second-Pa55");

            assertThat(canLogIn(AUTH_USER, "first-Pa55")).isFalse();
            assertThat(canLogIn(AUTH_USER, "second-Pa55")).isTrue();
            assertThat(su.getAutoCommit()).isTrue();
            try (PreparedStatement ps = su.prepareStatement(
                    "SELECT rolcanlogin, rolsuper, rolpassword FROM pg_authid WHERE rolname = ?")) {
                ps.setString(1, AUTH_USER);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getBoolean(1)).isTrue();
                    assertThat(rs.getBoolean(2)).isFalse();
                    assertThat(rs.getString(3)).startsWith("SCRAM-SHA-256$");
                }
            }
            assertThat(statementsContaining("first-Pa55")).as("the plain password reached no SQL text").isEmpty();
            assertThat(statementsContaining("second-Pa55")).as("the plain password reached no SQL text").isEmpty();
        }
    }

    @Test
    void refusesASuperuserAsAuthRoleAndChangesNothing() throws SQLException {
        try (Connection su = TestPostgres.superuser("postgres").getConnection()) {
            assertThatThrownBy(() -> PoolerAuthSql.ensureAuthRole(su, SUPERUSER, "other-Pa55"))
                    .hasMessageContaining("is a superuser");
            assertThat(canLogIn(SUPERUSER, "su-Pa55")).isTrue();
        }
    }

    @Test
    void lookupFunctionAnswersOnlyTheAuthRoleAndNeverForSuperusers() throws SQLException {
        installLookup("lookup-Pa55", 2);

        try (Connection auth = connect(AUTH_USER, "lookup-Pa55")) {
            assertThat(lookUp(auth, APP_USER)).singleElement().satisfies(secret -> assertThat(secret).startsWith("SCRAM-SHA-256$"));
            assertThat(lookUp(auth, SUPERUSER)).isEmpty();
            assertThat(lookUp(auth, "postgres")).isEmpty();
            assertThat(lookUp(auth, REPLICATOR)).as("a replication role never logs in through the pooler").isEmpty();
            assertThat(lookUp(auth, "no_such_role")).isEmpty();
        }
        try (Connection app = connect(APP_USER, APP_PASSWORD)) {
            assertThatThrownBy(() -> lookUp(app, APP_USER)).isInstanceOf(SQLException.class)
                    .hasMessageContaining("permission denied");
        }
    }

    @Test
    void lookupFunctionRunsAsItsOwnerWithAPinnedSearchPath() throws SQLException {
        installLookup("pinned-Pa55", 1);
        try (Connection suInDatabase = TestPostgres.superuser(DATABASE).getConnection();
                Statement st = suInDatabase.createStatement(); ResultSet rs = st.executeQuery(
                        "SELECT prosecdef, proconfig::text, pg_get_userbyid(proowner) FROM pg_proc"
                                + " WHERE oid = 'pgbouncer.get_auth(text)'::regprocedure")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBoolean(1)).isTrue();
            assertThat(rs.getString(2)).isEqualTo("{\"search_path=pg_catalog, pg_temp\"}");
            assertThat(rs.getString(3)).isEqualTo("postgres");
        }
    }

    @Test
    void refusesALookupSchemaSomeoneElseCreatedFirst() throws SQLException {
        String database = DATABASE + "_foreign";
        try (Connection su = TestPostgres.superuser("postgres").getConnection(); Statement st = su.createStatement()) {
            st.execute("CREATE DATABASE " + database + " OWNER " + APP_USER);
            PoolerAuthSql.ensureAuthRole(su, AUTH_USER, "foreign-Pa55");
        }
        try {
            try (Connection app = TestPostgres.superuser(database).getConnection(); Statement st = app.createStatement()) {
                st.execute("SET ROLE " + APP_USER);
                st.execute("CREATE SCHEMA " + PoolerAuthSql.SCHEMA);
            }
            try (Connection suInDatabase = TestPostgres.superuser(database).getConnection()) {
                assertThatThrownBy(() -> PoolerAuthSql.installLookupFunction(suInDatabase, AUTH_USER))
                        .hasMessageContaining("is owned by role " + APP_USER);
            }
        } finally {
            try (Connection su = TestPostgres.superuser("postgres").getConnection(); Statement st = su.createStatement()) {
                st.execute("DROP DATABASE " + database + " WITH (FORCE)");
            }
        }
    }

    private static List<String> lookUp(Connection c, String user) throws SQLException {
        List<String> secrets = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(PoolerAuthSql.AUTH_QUERY.replace("$1", "?"))) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    assertThat(rs.getString("usename")).isEqualTo(user);
                    secrets.add(rs.getString("passwd"));
                }
            }
        }
        return secrets;
    }

    /** pg_stat_statements sees the statements of every database; its view lives in the app database. */
    private static List<String> statementsContaining(String text) throws SQLException {
        List<String> found = new ArrayList<>();
        try (Connection c = TestPostgres.superuser(TestPostgres.APP_DATABASE).getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT query FROM pg_stat_statements WHERE strpos(query, ?) > 0")) {
            ps.setString(1, text);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getString(1));
                }
            }
        }
        return found;
    }

    /** The auth role with {@code password}, then the lookup function installed {@code times} times in a row. */
    private static void installLookup(String password, int times) throws SQLException {
        try (Connection su = TestPostgres.superuser("postgres").getConnection();
                Connection suInDatabase = TestPostgres.superuser(DATABASE).getConnection()) {
            PoolerAuthSql.ensureAuthRole(su, AUTH_USER, password);
            for (int i = 0; i < times; i++) {
                PoolerAuthSql.installLookupFunction(suInDatabase, AUTH_USER);
            }
        }
    }

    private static boolean canLogIn(String user, String password) {
        try (Connection ignored = connect(user, password)) {
            return true;
        } catch (SQLException e) {
            assertThat(e.getMessage()).contains("password authentication failed");
            return false;
        }
    }

    private static Connection connect(String user, String password) throws SQLException {
        return TestPostgres.loginAs(DATABASE, user, password).getConnection();
    }
}
