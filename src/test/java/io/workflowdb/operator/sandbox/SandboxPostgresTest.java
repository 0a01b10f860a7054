package io.workflowdb.operator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

class SandboxPostgresTest {

    static final Path DIRECTORY = Path.of("target/sandbox-postgres-test");

    @Test
    void theDataOfTheFirstStartIsThereAfterARestart() throws Exception {
        Sandbox.Options options = Sandbox.Options.fresh(DIRECTORY.resolve("restart"));
        String password;
        try (SandboxPostgres postgres = SandboxPostgres.start(options.directory(), options.postgresPort());
                Connection c = postgres.connect(); Statement st = c.createStatement()) {
            password = postgres.password();
            st.execute("CREATE TABLE kept (id int)");
            st.execute("INSERT INTO kept VALUES (42)");
        }
        assertThat(options.directory().resolve("postgres/postgresql.conf")).as("the data directory after the stop").exists();

        try (SandboxPostgres postgres = SandboxPostgres.start(options.directory(), Sandbox.freePort());
                Connection c = postgres.connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT id FROM kept")) {
            assertThat(postgres.password()).isEqualTo(password);
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(42);
        }
    }

    @Test
    void aDataDirectoryWithoutItsPasswordStartsOver() throws Exception {
        Sandbox.Options options = Sandbox.Options.fresh(DIRECTORY.resolve("lost-password"));
        try (SandboxPostgres postgres = SandboxPostgres.start(options.directory(), options.postgresPort());
                Connection c = postgres.connect(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE gone (id int)");
        }
        Files.delete(options.directory().resolve("postgres.password"));

        try (SandboxPostgres postgres = SandboxPostgres.start(options.directory(), Sandbox.freePort());
                Connection c = postgres.connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT to_regclass('gone') IS NULL")) {
            rs.next();
            assertThat(rs.getBoolean(1)).as("a new, empty database").isTrue();
        }
    }
}
