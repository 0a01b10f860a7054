package io.workflowdb.operator.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

import io.workflowdb.operator.testing.TestPostgres;

class IdentifiersTest {

    @Test
    void quotesPlainAndQualifiedNames() {
        assertThat(Identifiers.quote("tasks")).isEqualTo("\"tasks\"");
        assertThat(Identifiers.quoteQualified("public.tasks")).isEqualTo("\"public\".\"tasks\"");
        assertThat(Identifiers.quoteQualified("tasks")).isEqualTo("\"tasks\"");
    }

    @Test
    void doublesEmbeddedQuotesSoInjectionStaysInsideOneName() {
        assertThat(Identifiers.quote("x\"; DROP TABLE y; --")).isEqualTo("\"x\"\"; DROP TABLE y; --\"");
    }

    @Test
    void refusesEmptyOverlongAndNulNames() {
        assertThatThrownBy(() -> Identifiers.quote("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> Identifiers.quote("a".repeat(64))).hasMessageContaining("63 bytes");
        assertThatThrownBy(() -> Identifiers.quote("a\0b")).hasMessageContaining("NUL");
        assertThatThrownBy(() -> Identifiers.quoteQualified("a.b.c")).hasMessageContaining("more than one");
    }

    @Test
    void knowsPlainIdentifiers() {
        assertThat(Identifiers.isPlain("workflow_events")).isTrue();
        assertThat(Identifiers.isPlain("Tasks")).isFalse();
        assertThat(Identifiers.isPlain("1tasks")).isFalse();
        assertThat(Identifiers.isPlain("a".repeat(64))).isFalse();
    }

    @Test
    void quotedHostileNameIsOneIdentifierToPostgres() throws Exception {
        String hostile = "t\"; DROP TABLE victim; --";
        try (Connection c = TestPostgres.superuser("postgres").getConnection(); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS victim");
            st.execute("CREATE TABLE victim (id int)");
            st.execute("CREATE TABLE " + Identifiers.quote(hostile) + " (id int)");
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_class WHERE relname IN ('victim', '"
                    + hostile.replace("'", "''") + "')")) {
                rs.next();
                assertThat(rs.getInt(1)).as("both tables exist: the hostile name created one table, dropped none")
                        .isEqualTo(2);
            }
            st.execute("DROP TABLE " + Identifiers.quote(hostile));
            st.execute("DROP TABLE victim");
        }
    }
}
