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

    @Test
    void urlCarriesNoPasswordAndToStringHidesIt() {
        ConnectionSettings s = settings(List.of("db1.example.internal", "[::1]:5433"), "hunter2-secret");
        assertThat(s.jdbcUrl()).startsWith("jdbc:postgresql://db1.example.internal:5432,[::1]:5433/workflow_db?")
                .contains("targetServerType=primary").contains("sslmode=disable").doesNotContain("hunter2");
        assertThat(s.toString()).doesNotContain("hunter2");
        assertThat(s.redact("FATAL: bad password hunter2-secret")).isEqualTo("FATAL: bad password ******");
    }
}
