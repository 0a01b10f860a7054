package io.workflowdb.operator.cluster.pgbouncer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import io.workflowdb.operator.api.v1alpha1.PgBouncerSpec;
import io.workflowdb.operator.testing.TestPostgres;

/**
 * The rendered pgbouncer.ini and auth file run a real PgBouncer 1.18 in front of the embedded
 * PostgreSQL: clients log in with SCRAM through auth_query, in transaction pooling.
 */
class PgBouncerEndToEndTest {

    private static final String AUTH_USER = "pooler_auth";
    private static final String AUTH_PASSWORD = "pooler-Auth-Pa55";
    private static final String SUPERUSER = "pgbouncer_e2e_su";
    private static final String SUPERUSER_PASSWORD = "su-Pa55-e2e";

    private static PgBouncerProcess pgbouncer;
    private static int port;
    private static boolean databaseTouched;

    @BeforeAll
    static void startPgBouncer() throws Exception {
        PgBouncerProcess.assumeInstalled();
        databaseTouched = true;
        try (Connection su = TestPostgres.superuser("postgres").getConnection();
                Connection suInApp = TestPostgres.superuser(TestPostgres.APP_DATABASE).getConnection();
                Statement st = su.createStatement()) {
            try (ResultSet rs = st.executeQuery("SHOW password_encryption")) {
                rs.next();
                assertThat(rs.getString(1)).as("the app role's password must be a SCRAM secret").isEqualTo("scram-sha-256");
            }
            st.execute("CREATE ROLE " + SUPERUSER + " SUPERUSER LOGIN PASSWORD '" + SUPERUSER_PASSWORD + "'");
            PoolerAuthSql.ensureAuthRole(su, AUTH_USER, AUTH_PASSWORD);
            PoolerAuthSql.installLookupFunction(suInApp, AUTH_USER);
        }
        pgbouncer = new PgBouncerProcess();
        port = PgBouncerProcess.freePort();
        PgBouncerSpec spec = new PgBouncerSpec();
        spec.poolMode = PgBouncerSpec.PoolMode.TRANSACTION;
        RenderedPgBouncer rendered = PgBouncerConfigRenderer.render(new PgBouncerRenderInput(spec, TestPostgres.APP_DATABASE,
                "127.0.0.1", "localhost", TestPostgres.port(), AUTH_USER,
                new PgBouncerLayout(port, pgbouncer.authFile().toString(), null)));
        pgbouncer.start(rendered.ini(), PgBouncerUserList.forAuthUser(AUTH_USER, AUTH_PASSWORD), port);
    }

    @AfterAll
    static void stopPgBouncer() throws Exception {
        if (pgbouncer != null) {
            pgbouncer.close();
        }
        if (!databaseTouched) {
            return;
        }
        try (Connection suInApp = TestPostgres.superuser(TestPostgres.APP_DATABASE).getConnection();
                Statement st = suInApp.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + PoolerAuthSql.SCHEMA + " CASCADE");
            st.execute("DROP ROLE IF EXISTS " + SUPERUSER);
            if (exists(st, AUTH_USER)) {
                st.execute("DROP OWNED BY " + AUTH_USER);
                st.execute("DROP ROLE " + AUTH_USER);
            }
        }
    }

    @Test
    void appRoleLogsInWithScramThroughPgBouncerAndReachesItsDatabase() throws SQLException {
        try (Connection c = connect(TestPostgres.APP_DATABASE, TestPostgres.APP_USER, TestPostgres.APP_PASSWORD);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT current_user, current_database(), inet_server_port()")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo(TestPostgres.APP_USER);
            assertThat(rs.getString(2)).isEqualTo(TestPostgres.APP_DATABASE);
            assertThat(rs.getInt(3)).as("answered by PostgreSQL behind PgBouncer").isEqualTo(TestPostgres.port());
        }
    }

    @Test
    void transactionPoolingServesRepeatedStatementsAndTransactions() throws SQLException {
        try (Connection c = connect(TestPostgres.APP_DATABASE, TestPostgres.APP_USER, TestPostgres.APP_PASSWORD);
                PreparedStatement ps = c.prepareStatement("SELECT ?::int + 1")) {
            for (int i = 0; i < 10; i++) {
                ps.setInt(1, i);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertThat(rs.getInt(1)).isEqualTo(i + 1);
                }
            }
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TEMP TABLE pooled (id int) ON COMMIT DROP");
                st.execute("INSERT INTO pooled VALUES (1), (2)");
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM pooled")) {
                    rs.next();
                    assertThat(rs.getInt(1)).isEqualTo(2);
                }
            }
            c.commit();
        }
    }

    @Test
    void readOnlyAliasReachesTheSameDatabase() throws SQLException {
        try (Connection c = connect(TestPostgres.APP_DATABASE + "_ro", TestPostgres.APP_USER, TestPostgres.APP_PASSWORD);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT current_database()")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo(TestPostgres.APP_DATABASE);
        }
    }

    @Test
    void wrongPasswordIsRefused() {
        assertThatThrownBy(() -> connect(TestPostgres.APP_DATABASE, TestPostgres.APP_USER, "wrong-" + TestPostgres.APP_PASSWORD).close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("SASL authentication failed");
    }

    @Test
    void superusersCannotLogInThroughThePoolerEvenWithTheirPassword() {
        // the lookup function answers nothing for a superuser, so PgBouncer 1.18 knows no such user
        assertThatThrownBy(() -> connect(TestPostgres.APP_DATABASE, SUPERUSER, SUPERUSER_PASSWORD).close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("no such user");
        assertThatThrownBy(() -> connect(TestPostgres.APP_DATABASE, "no_such_role", "whatever").close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("no such user");
    }

    private static Connection connect(String database, String user, String password) throws SQLException {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] { "127.0.0.1" });
        ds.setPortNumbers(new int[] { port });
        ds.setDatabaseName(database);
        ds.setUser(user);
        ds.setPassword(password);
        // transaction pooling: no named server-side prepared statements, which live on one server connection
        ds.setPrepareThreshold(0);
        ds.setConnectTimeout(10);
        return ds.getConnection();
    }

    private static boolean exists(Statement st, String role) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + role + "'")) {
            return rs.next();
        }
    }
}
