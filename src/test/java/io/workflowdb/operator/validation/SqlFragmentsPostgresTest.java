package io.workflowdb.operator.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import io.workflowdb.operator.testing.TestPostgres;

/**
 * Replays the quoting-form cases of {@link SqlFragmentsTest} on PostgreSQL 17 with
 * {@code standard_conforming_strings = on}, sending each text as one simple query: every text the
 * check accepts runs as one statement and creates nothing, and every smuggle the check refuses
 * would really have created the table.
 */
class SqlFragmentsPostgresTest {

    private final DataSource db = TestPostgres.freshDatabase("sqlfragments");

    @Test
    void whatTheCheckAcceptsIsOneStatementOnPostgres() throws SQLException {
        List<String> accepted = new ArrayList<>();
        SqlFragmentsTest.LITERALS.forEach(l -> accepted.add("SELECT " + l + " AS a"));
        SqlFragmentsTest.fuzzCases(18, 300).stream().filter(SqlFragmentsTest.Case::single)
                .forEach(c -> accepted.add(c.sql()));
        for (String sql : accepted) {
            assertThat(SqlFragments.problem(sql)).as(sql).isEmpty();
            runQuietly(sql);
            assertThat(junkExists()).as("one statement: " + sql).isFalse();
        }
    }

    @Test
    void whatTheCheckRefusesWouldHaveRunASecondStatement() throws SQLException {
        List<String> refused = new ArrayList<>(SqlFragmentsTest.SMUGGLES.stream()
                // 1e'…' lexes as 1 and an escape string before PostgreSQL 15; 17 refuses it as trailing junk.
                // xe'x\' is an identifier and a plain string, refused for its backslash: PostgreSQL sees
                // an unterminated literal there, not a second statement.
                .filter(s -> !s.contains("DROP TABLE tasks") && !s.startsWith("SELECT 1e") && !s.startsWith("SELECT xe"))
                .toList());
        SqlFragmentsTest.fuzzCases(18, 300).stream().filter(c -> !c.single()).forEach(c -> refused.add(c.sql()));
        for (String sql : refused) {
            assertThat(SqlFragments.problem(sql)).as(sql).isPresent();
            runQuietly(sql);
            assertThat(junkExists()).as("a second statement ran: " + sql).isTrue();
            try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
                st.execute("DROP TABLE junk");
            }
        }
    }

    @Test
    void theReportedViewQueryWouldHaveDroppedATable() throws SQLException {
        String query = SqlFragmentsTest.SMUGGLES.get(0);
        assertThat(SqlFragments.problem(query)).isPresent();
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE tasks (id int)");
        }
        runQuietly("CREATE MATERIALIZED VIEW v AS\n" + query + "\nWITH DATA");
        try (Connection c = db.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT to_regclass('tasks') IS NULL")) {
            rs.next();
            assertThat(rs.getBoolean(1)).as("tasks dropped").isTrue();
        }
    }

    private void runQuietly(String sql) throws SQLException {
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            st.execute("SET standard_conforming_strings = on");
            try {
                st.execute(sql);
            } catch (SQLException e) {
                // a failing expression is fine: only what ran matters
            }
        }
    }

    private boolean junkExists() throws SQLException {
        try (Connection c = db.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT to_regclass('junk') IS NOT NULL")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }
}
