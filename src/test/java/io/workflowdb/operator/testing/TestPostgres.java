package io.workflowdb.operator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.postgresql.ds.PGSimpleDataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * One real PostgreSQL 17 per test JVM, with pg_stat_statements preloaded: the embedded server from
 * Maven artifacts, so a machine with only a JDK runs the database tests. Every test class shares it
 * and creates its own database when it needs isolation.
 */
public final class TestPostgres {

    public static final String SUPERUSER = "postgres";
    public static final String APP_USER = "workflow_admin";
    public static final String APP_PASSWORD = "s3cr3t-Test-Pa55";
    public static final String APP_DATABASE = "workflow_db";

    private static final java.util.concurrent.atomic.AtomicInteger DATABASES = new java.util.concurrent.atomic.AtomicInteger();

    /** Enough for a test that runs a hundred WorkflowDatabases at once, each with its small pool. */
    static final int MAX_CONNECTIONS = 300;

    private static EmbeddedPostgres server;
    private static Path dataDirectory;
    private static Path logDirectory;

    private TestPostgres() {
    }

    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                // absolute: the server reads a relative log_directory from its data directory
                dataDirectory = Files.createTempDirectory("workflowdb-pg").toAbsolutePath();
                logDirectory = Files.createTempDirectory("workflowdb-pglog").toAbsolutePath();
                server = EmbeddedPostgres.builder()
                        .setDataDirectory(dataDirectory)
                        .setCleanDataDirectory(true)
                        .setServerConfig("shared_preload_libraries", "pg_stat_statements")
                        .setServerConfig("pg_stat_statements.track", "all")
                        .setServerConfig("max_connections", String.valueOf(MAX_CONNECTIONS))
                        // the server log as JSON lines in one file; which statements it holds is chosen
                        // per database (logStatements), so the other tests log no more than before
                        .setServerConfig("logging_collector", "on")
                        .setServerConfig("log_destination", "jsonlog")
                        .setServerConfig("log_directory", logDirectory.toString())
                        .setServerConfig("log_filename", ServerLog.FILE_NAME)
                        .setServerConfig("log_rotation_age", "0")
                        .setServerConfig("log_rotation_size", "0")
                        .start();
                bootstrap();
                Runtime.getRuntime().addShutdownHook(new Thread(TestPostgres::stop));
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not start", e);
            }
        }
        return server;
    }

    public static int port() {
        return server().getPort();
    }

    /** A new, empty database on the shared server (named {@code <prefix>_<n>}), reached as the superuser. */
    public static DataSource freshDatabase(String prefix) {
        String name = prefix + "_" + DATABASES.incrementAndGet();
        try (Connection c = superuser("postgres").getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return superuser(name);
    }

    /** Has the server log every statement run in {@code database} from now on (new sessions). */
    public static void logStatements(String database) {
        try (Connection c = superuser("postgres").getConnection(); Statement st = c.createStatement()) {
            st.execute("ALTER DATABASE " + database + " SET log_statement = 'all'");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot log the statements of " + database, e);
        }
    }

    /** The server's log, JSON lines (PostgreSQL's jsonlog). */
    public static ServerLog log() {
        server();
        return new ServerLog(logDirectory.resolve(ServerLog.JSON_FILE_NAME));
    }

    /** The superuser connection to a database of the shared server. */
    public static DataSource superuser(String database) {
        return server().getDatabase(SUPERUSER, database);
    }

    /** A connection over TCP to {@code database} as {@code user} with its password, as any client of the server. */
    public static DataSource loginAs(String database, String user, String password) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] { "127.0.0.1" });
        ds.setPortNumbers(new int[] { port() });
        ds.setDatabaseName(database);
        ds.setUser(user);
        ds.setPassword(password);
        return ds;
    }

    /** A connection as the application role, with its password, the way the operator connects. */
    public static DataSource app() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] { "localhost" });
        ds.setPortNumbers(new int[] { port() });
        ds.setDatabaseName(APP_DATABASE);
        ds.setUser(APP_USER);
        ds.setPassword(APP_PASSWORD);
        return ds;
    }

    private static void bootstrap() {
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE ROLE " + APP_USER + " LOGIN PASSWORD '" + APP_PASSWORD + "'");
            st.execute("CREATE DATABASE " + APP_DATABASE + " OWNER " + APP_USER);
            // initdb trusted every local connection; demand passwords from everyone but the superuser,
            // so that tests see real authentication succeed and fail
            Files.writeString(dataDirectory.resolve("pg_hba.conf"), String.join("\n",
                    "local all all trust",
                    "host all " + SUPERUSER + " 127.0.0.1/32 trust",
                    "host all " + SUPERUSER + " ::1/128 trust",
                    "host all all 127.0.0.1/32 scram-sha-256",
                    "host all all ::1/128 scram-sha-256", ""));
            st.execute("SELECT pg_reload_conf()");
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("cannot prepare the test database", e);
        }
        try (Connection c = superuser(APP_DATABASE).getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create pg_stat_statements", e);
        }
    }

    private static synchronized void stop() {
        if (server != null) {
            try {
                server.close();
            } catch (IOException ignored) {
                // the JVM is exiting
            }
        }
    }
}
