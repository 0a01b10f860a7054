package io.workflowdb.operator.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;

import org.postgresql.PGConnection;

import io.workflowdb.operator.cluster.access.Credentials;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The sandbox's PostgreSQL 17: the embedded server of the tests (Maven artifacts, no installation),
 * with pg_stat_statements preloaded and its data kept in {@code <directory>/postgres} across
 * restarts. The first start creates the application role with a generated password (kept in
 * {@code <directory>/postgres.password}, readable by its owner only) and the database it owns;
 * TCP clients other than the superuser must give a password.
 */
public final class SandboxPostgres implements AutoCloseable {

    public static final String DATABASE = "workflow_db";
    public static final String USER = "workflow_admin";

    private final EmbeddedPostgres server;
    private final String password;

    private SandboxPostgres(EmbeddedPostgres server, String password) {
        this.server = server;
        this.password = password;
    }

    public static SandboxPostgres start(Path directory, int port) {
        Path data = directory.resolve("postgres");
        Path passwordFile = directory.resolve("postgres.password");
        try {
            Files.createDirectories(directory);
            boolean fresh = !Files.exists(data.resolve("postgresql.conf")) || !Files.exists(passwordFile);
            if (fresh) {
                deleteRecursively(data);
            }
            // never the builder's clean-up: it would also delete the data directory when the server stops
            EmbeddedPostgres server = EmbeddedPostgres.builder()
                    .setDataDirectory(data)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setServerConfig("shared_preload_libraries", "pg_stat_statements")
                    .setServerConfig("pg_stat_statements.track", "all")
                    .start();
            if (fresh) {
                String password = Credentials.generate();
                bootstrap(server, data, password);
                Files.writeString(passwordFile, password, StandardCharsets.UTF_8);
                Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
            }
            return new SandboxPostgres(server, Files.readString(passwordFile, StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("the sandbox's PostgreSQL did not start in " + data, e);
        }
    }

    public int port() {
        return server.getPort();
    }

    public String password() {
        return password;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + DATABASE;
    }

    /** A connection to the application database as its owner. */
    public Connection connect() throws SQLException {
        return server.getDatabase(USER, DATABASE).getConnection(USER, password);
    }

    /** A connection as the superuser, for set-up and for databases the benchmark adds. */
    public Connection superuser(String database) throws SQLException {
        return server.getDatabase("postgres", database).getConnection();
    }

    private static void bootstrap(EmbeddedPostgres server, Path data, String password) throws IOException {
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            if (!exists(st, "SELECT 1 FROM pg_roles WHERE rolname = '" + USER + "'")) {
                st.execute("CREATE ROLE " + USER + " LOGIN CREATEDB");
            }
            c.unwrap(PGConnection.class).alterUserPassword(USER, password.toCharArray(), "scram-sha-256");
            if (!exists(st, "SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                st.execute("CREATE DATABASE " + DATABASE + " OWNER " + USER);
            }
            // initdb trusts every local connection; over TCP only the superuser goes without a password
            Files.writeString(data.resolve("pg_hba.conf"), String.join("\n",
                    "local all all trust",
                    "host all postgres 127.0.0.1/32 trust",
                    "host all postgres ::1/128 trust",
                    "host all all 127.0.0.1/32 scram-sha-256",
                    "host all all ::1/128 scram-sha-256", ""));
            st.execute("SELECT pg_reload_conf()");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot set up the sandbox database: " + e.getMessage(), e);
        }
        try (Connection c = server.getDatabase("postgres", DATABASE).getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create pg_stat_statements: " + e.getMessage(), e);
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static boolean exists(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            return rs.next();
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
