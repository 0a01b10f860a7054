package io.workflowdb.operator.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.workflowdb.operator.testing.TestPostgres;

/** Settings applied for a stretch of work come back as they were; local ones end with the transaction. */
class SessionSettingsTest {

    @Test
    void appliedSettingsAreRestoredOnClose() throws SQLException {
        try (Connection c = TestPostgres.superuser("postgres").getConnection()) {
            SessionSettings.set(c, "lock_timeout", "7s");
            Map<String, String> limits = new LinkedHashMap<>();
            limits.put("lock_timeout", "5s");
            limits.put("statement_timeout", "30min");
            try (SessionSettings applied = SessionSettings.apply(c, limits)) {
                assertThat(show(c, "lock_timeout")).isEqualTo("5s");
                assertThat(show(c, "statement_timeout")).isEqualTo("30min");
            }
            assertThat(show(c, "lock_timeout")).isEqualTo("7s");
            assertThat(show(c, "statement_timeout")).isEqualTo("0");
        }
    }

    @Test
    void aLocalSettingEndsWithItsTransaction() throws SQLException {
        try (Connection c = TestPostgres.superuser("postgres").getConnection()) {
            c.setAutoCommit(false);
            SessionSettings.local(c, "statement_timeout", "2s");
            assertThat(show(c, "statement_timeout")).isEqualTo("2s");
            c.commit();
            assertThat(show(c, "statement_timeout")).isEqualTo("0");
        }
    }

    @Test
    void aValueIsBoundNotSplicedIntoSql() throws SQLException {
        try (Connection c = TestPostgres.superuser("postgres").getConnection()) {
            assertThat(org.assertj.core.api.Assertions.catchThrowable(
                    () -> SessionSettings.set(c, "application_name", "x'; DROP TABLE pg_class; --"))).isNull();
            assertThat(show(c, "application_name")).isEqualTo("x'; DROP TABLE pg_class; --");
        }
    }

    private static String show(Connection c, String name) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
