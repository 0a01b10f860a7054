package io.workflowdb.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DebianPostgresTest {

    @BeforeAll
    static void installed() {
        DebianPostgres.require();
    }

    @Test
    void freshDatabasesAreIndependentDatabasesOfTheInstalledMajorVersion() throws Exception {
        DataSource first = DebianPostgres.freshDatabase("debian_first");
        DataSource second = DebianPostgres.freshDatabase("debian_second");

        try (Connection c = first.getConnection(); Statement st = c.createStatement()) {
            assertThat(Integer.parseInt(query(st, "SHOW server_version_num")) / 10000)
                    .isEqualTo(DebianPostgres.majorVersion());
            assertThat(query(st, "SELECT inet_server_port()::text")).isEqualTo(String.valueOf(DebianPostgres.port()));
            st.execute("CREATE TABLE only_here (id bigint PRIMARY KEY)");
            st.execute("INSERT INTO only_here VALUES (1), (2)");
        }
        try (Connection c = second.getConnection(); Statement st = c.createStatement()) {
            assertThat(query(st, "SELECT current_database()")).startsWith("debian_second_");
            assertThat(query(st, "SELECT coalesce(to_regclass('only_here')::text, 'absent')")).isEqualTo("absent");
            st.execute("CREATE TABLE only_here (id bigint PRIMARY KEY)");
        }
        try (Connection c = first.getConnection(); Statement st = c.createStatement()) {
            assertThat(query(st, "SELECT count(*)::text FROM only_here")).isEqualTo("2");
        }
        try (Connection c = second.getConnection(); Statement st = c.createStatement()) {
            assertThat(query(st, "SELECT count(*)::text FROM only_here")).isEqualTo("0");
        }
    }

    private static String query(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
