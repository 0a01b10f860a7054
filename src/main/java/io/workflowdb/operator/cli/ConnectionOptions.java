package io.workflowdb.operator.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.sql.DataSource;

import org.postgresql.ds.PGSimpleDataSource;

import picocli.CommandLine.Option;

/** The database a command connects to: {@code --jdbc-url}, {@code --user}, {@code --password-file}. */
class ConnectionOptions {

    @Option(names = "--jdbc-url", required = true,
            description = "The database to work on, for example jdbc:postgresql://localhost:5432/workflow_db.")
    String jdbcUrl;

    @Option(names = "--user", description = "Database user (default: the one in the URL, or the OS user).")
    String user;

    @Option(names = "--password-file", description = "File holding the password (a trailing newline is ignored).")
    Path passwordFile;

    DataSource dataSource() throws IOException {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(jdbcUrl);
        if (user != null) {
            ds.setUser(user);
        }
        if (passwordFile != null) {
            ds.setPassword(Files.readString(passwordFile, StandardCharsets.UTF_8).strip());
        }
        ds.setApplicationName("workflowdb-operator");
        return ds;
    }
}
