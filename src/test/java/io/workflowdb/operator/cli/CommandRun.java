package io.workflowdb.operator.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;

import javax.sql.DataSource;

import io.workflowdb.operator.testing.TestPostgres;

/** One run of the command line in this JVM: its exit code and what it printed to stdout and stderr. */
record CommandRun(int exit, String out, String err) {

    static CommandRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = WorkflowDbCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CommandRun(exit, out.toString(), err.toString());
    }

    /** {@code command -f file} against the embedded server's database {@code db} as its superuser: exit code, stdout, stderr. */
    static String[] onDatabase(DataSource db, String command, String file) {
        String database;
        try (Connection c = db.getConnection()) {
            database = c.getCatalog();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        CommandRun run = of(command, "-f", file, "--jdbc-url",
                "jdbc:postgresql://localhost:" + TestPostgres.port() + "/" + database, "--user", TestPostgres.SUPERUSER);
        return new String[] { Integer.toString(run.exit), run.out, run.err };
    }

    /**
     * Creates {@code database} on the embedded server, owned by its application user, and returns a
     * file in {@code dir} holding that user's password, as {@code --password-file} reads it.
     */
    static Path appDatabase(String database, Path dir, String passwordLine) throws Exception {
        try (Connection c = TestPostgres.superuser("postgres").getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + database + " OWNER " + TestPostgres.APP_USER);
        }
        Path passwordFile = dir.resolve("password");
        Files.writeString(passwordFile, passwordLine);
        return passwordFile;
    }
}
