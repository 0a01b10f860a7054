package io.workflowdb.operator.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.workflowdb.operator.testing.Sql;
import io.workflowdb.operator.testing.TestPostgres;

class DatabasePoolsTest {

    private final DatabasePools pools = new DatabasePools();

    @AfterEach
    void close() {
        pools.closeAll();
    }

    private static ConnectionSettings settings(List<String> hosts, String password) {
        return new ConnectionSettings(hosts, TestPostgres.APP_DATABASE, "disable", TestPostgres.APP_USER, password);
    }

    @Test
    void connectsThroughAMultiHostUrlToThePrimary() throws Exception {
        // the first host refuses connections; the driver moves on to the one that answers
        ConnectionSettings s = settings(List.of("127.0.0.1:1", "localhost:" + TestPostgres.port()), TestPostgres.APP_PASSWORD);
        DataSource ds = pools.get("apps/db", s);
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT current_user, current_database(), pg_is_in_recovery()")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo(TestPostgres.APP_USER);
            assertThat(rs.getString(2)).isEqualTo(TestPostgres.APP_DATABASE);
            assertThat(rs.getBoolean(3)).isFalse();
        }
        assertThat(pools.get("apps/db", s)).as("same settings, same pool").isSameAs(ds);
    }

    @Test
    void replacesThePoolWhenSettingsChangeAndClosesItOnDelete() throws Exception {
        String host = "localhost:" + TestPostgres.port();
        DataSource first = pools.get("apps/db", settings(List.of(host), TestPostgres.APP_PASSWORD));
        DataSource second = pools.get("apps/db", settings(List.of(host), "rotated-password"));
        assertThat(second).isNotSameAs(first);
        assertThatThrownBy(first::getConnection).as("the replaced pool is closed").isInstanceOf(SQLException.class);
        pools.close("apps/db");
        assertThat(pools.isOpen("apps/db")).isFalse();
    }

    /**
     * After a failover every pooled connection is dead. The pool must not hand them out again, or
     * the operator never opens the new connection that would find the new primary.
     */
    @Test
    void aConnectionWhoseServerWentAwayIsNeverHandedOutAgain() throws Exception {
        DataSource ds = pools.get("apps/db", settings(List.of("localhost:" + TestPostgres.port()), TestPostgres.APP_PASSWORD));
        int killed;
        try (Connection c = ds.getConnection()) {
            killed = pid(c);
            terminate(killed);
            assertThatThrownBy(() -> pid(c)).as("the server ended this session").isInstanceOf(SQLException.class);
        }
        for (int i = 0; i < 3; i++) {
            try (Connection c = ds.getConnection()) {
                assertThat(pid(c)).as("a live session, not the terminated one").isNotEqualTo(killed);
            }
        }
    }

    /** Idle sessions ended behind the pool's back are found when borrowed. */
    @Test
    void idleConnectionsEndedByTheServerAreReplacedOnBorrow() throws Exception {
        DataSource ds = pools.get("apps/db", settings(List.of("localhost:" + TestPostgres.port()), TestPostgres.APP_PASSWORD));
        int idle;
        try (Connection c = ds.getConnection()) {
            idle = pid(c);
        }
        terminate(idle);
        try (Connection c = ds.getConnection()) {
            assertThat(pid(c)).isNotEqualTo(idle);
        }
    }

    /** Ends a session from the server's side, as a failover or an administrator does. */
    private static void terminate(int pid) {
        Sql.execute(TestPostgres.superuser("postgres"), "SELECT pg_terminate_backend(" + pid + ")");
    }

    private static int pid(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void urlCarriesNoPasswordAndToStringHidesIt() {
        ConnectionSettings s = settings(List.of("db1.example.internal", "[::1]:5433"), "hunter2-secret");
        assertThat(s.jdbcUrl()).startsWith("jdbc:postgresql://db1.example.internal:5432,[::1]:5433/workflow_db?")
                .contains("targetServerType=primary").contains("sslmode=disable").doesNotContain("hunter2")
                .contains("connectTimeout=5").contains("socketTimeout=2100").contains("tcpKeepAlive=true")
                .contains("options=-c%20standard_conforming_strings%3Don");
        assertThat(s.toString()).doesNotContain("hunter2");
        assertThat(s.redact("FATAL: bad password hunter2-secret")).isEqualTo("FATAL: bad password ******");
    }
}
