package io.workflowdb.operator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.postgresql.ds.PGSimpleDataSource;

/**
 * One Debian PostgreSQL server per test JVM: the newest {@code /usr/lib/postgresql/<major>/bin}
 * (15 on Debian 12), for tests that must hold on it as well as on {@link TestPostgres}'s embedded
 * PostgreSQL 17. Started on first use on a free loopback port, from a cluster initdb'd afresh in
 * {@code <java.io.tmpdir>/workflowdb-debian-pg-<JVM pid>} (inside {@code target/} under Surefire),
 * as {@code postgres} when the JVM is root; every connection on 127.0.0.1 is trusted. A JVM
 * shutdown hook stops it and deletes its data directory (its log {@code server.log} stays). A
 * server left running by a JVM that was killed is stopped, and its directory deleted, by the next
 * start.
 *
 * <p>Where the binaries are missing, {@link #require()} (called by everything that needs the
 * server) skips the calling test and says what to install, or fails it where {@code CI} is set:
 * the convention of the end-to-end tier, through {@link PostgresUser#requireInstalled}.
 */
public final class DebianPostgres {

    public static final String SUPERUSER = "postgres";

    static final List<String> PROGRAMS = List.of("initdb", "pg_ctl", "postgres");
    static final String RUN_PREFIX = "workflowdb-debian-pg-";
    private static final String DATA = "data";
    private static final String LOG = "server.log";
    /** As {@link TestPostgres}: enough for tests that hold pools and writers at once. */
    private static final int MAX_CONNECTIONS = TestPostgres.MAX_CONNECTIONS;
    private static final int START_ATTEMPTS = 3;

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private static Path bin;
    private static Path run;
    private static int port;
    private static RuntimeException startFailure;

    private DebianPostgres() {
    }

    /** Debian's newest server binary directory, when it holds {@link #PROGRAMS}. */
    public static Optional<Path> binDirectory() {
        return InstalledPrograms.newestPostgresBin(PROGRAMS);
    }

    /** Whether this machine can run the server: the binaries, and setpriv when the JVM is root. */
    public static boolean installed() {
        return missing().isEmpty();
    }

    /**
     * Skips the calling test when the server cannot run here, saying what to install; fails it
     * instead where {@code CI} is set.
     */
    public static void require() {
        List<String> missing = missing();
        PostgresUser.requireInstalled(missing.isEmpty(), "the tests on Debian's PostgreSQL need "
                + String.join(", ", missing) + "; .ci/install-test-packages installs them (Debian: postgresql)");
    }

    /** The major version of the installed server, from its directory {@code /usr/lib/postgresql/<major>/bin}. */
    public static int majorVersion() {
        require();
        return Integer.parseInt(binDirectory().orElseThrow().getParent().getFileName().toString());
    }

    /** The server's port on 127.0.0.1; starts the server on first use. */
    public static synchronized int port() {
        require();
        if (startFailure != null) {
            throw startFailure;
        }
        if (run == null) {
            try {
                start();
            } catch (IOException | RuntimeException e) {
                startFailure = new IllegalStateException("Debian's PostgreSQL did not start: " + e.getMessage(), e);
                throw startFailure;
            }
        }
        return port;
    }

    /** A new, empty database on the shared server (named {@code <prefix>_<n>}), reached as the superuser. */
    public static DataSource freshDatabase(String prefix) {
        String name = prefix + "_" + DATABASES.incrementAndGet();
        try (Connection c = superuser("postgres").getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + " on Debian's PostgreSQL", e);
        }
        return superuser(name);
    }

    /** The superuser over TCP to a database of the server: a {@link PGSimpleDataSource}, whose {@code getUrl()} names it. */
    public static DataSource superuser(String database) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] { "127.0.0.1" });
        ds.setPortNumbers(new int[] { port() });
        ds.setDatabaseName(database);
        ds.setUser(SUPERUSER);
        return ds;
    }

    /** The JDBC URL of a database of the server, with the superuser, as a command line's {@code --jdbc-url}. */
    public static String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database + "?user=" + SUPERUSER;
    }

    /** The server's log file. */
    public static Path log() {
        port();
        return run.resolve(LOG);
    }

    static List<String> missing() {
        List<String> missing = new ArrayList<>();
        if (binDirectory().isEmpty()) {
            missing.add("the PostgreSQL server binaries (/usr/lib/postgresql/<major>/bin with " + String.join(", ", PROGRAMS)
                    + ")");
        }
        if (PostgresUser.isRoot() && InstalledPrograms.onPath("setpriv").isEmpty()) {
            missing.add("setpriv (util-linux), to run PostgreSQL as postgres");
        }
        return missing;
    }

    private static void start() throws IOException {
        bin = binDirectory().orElseThrow();
        Path parent = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
        Files.createDirectories(parent);
        removeLeftovers(parent);
        Path directory = parent.resolve(RUN_PREFIX + ProcessHandle.current().pid());
        deleteTree(directory);
        Files.createDirectories(directory);
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
        PostgresUser.handOver(directory);
        Path data = directory.resolve(DATA);
        Processes.Finished initdb = pg(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", SUPERUSER,
                "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"));
        if (initdb.exitCode() != 0) {
            throw new IllegalStateException("initdb failed (exit " + initdb.exitCode() + "):\n" + initdb.output());
        }
        Files.writeString(data.resolve("postgresql.conf"), String.join("\n", "",
                "# the tests' server: TCP on loopback only, no Unix socket",
                "listen_addresses = '127.0.0.1'",
                "unix_socket_directories = ''",
                "max_connections = " + MAX_CONNECTIONS, ""), StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);
        Processes.Finished started = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            int candidate = freePort();
            started = pg(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
                    directory.resolve(LOG).toString(), "-o", "-p " + candidate, "-w", "-t",
                    String.valueOf(Timeouts.PROCESS_START.toSeconds()), "start"));
            if (started.exitCode() == 0) {
                run = directory;
                port = candidate;
                Runtime.getRuntime().addShutdownHook(new Thread(DebianPostgres::stop, "debian-postgres-stop"));
                return;
            }
            // another process may have taken the port between the probe and the start: try another
        }
        throw new IllegalStateException("pg_ctl start failed " + START_ATTEMPTS + " times; it printed:\n"
                + started.output() + "\n" + Processes.readLog(directory.resolve(LOG)));
    }

    /** A pg_ctl or initdb run as the user the server runs as, stdout and stderr together. */
    private static Processes.Finished pg(List<String> command) throws IOException {
        return Processes.run(new ProcessBuilder(PostgresUser.command(command)).redirectErrorStream(true),
                Timeouts.PROCESS_START.multipliedBy(2));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Fast shutdown: the tests' connections are cut; then the data directory goes and the log stays. */
    private static synchronized void stop() {
        if (run == null) {
            return;
        }
        Path data = run.resolve(DATA);
        try {
            pg(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop"));
            deleteTree(data);
        } catch (IOException | RuntimeException e) {
            System.err.println("could not stop Debian's PostgreSQL in " + data + ": " + e);
        }
    }

    /**
     * Directories of earlier JVMs that are gone (killed before their shutdown hook ran): their
     * server, if it still runs, is stopped at once (its data is thrown away), and the directory deleted.
     */
    private static void removeLeftovers(Path parent) throws IOException {
        List<Path> leftovers;
        try (Stream<Path> entries = Files.list(parent)) {
            leftovers = entries.filter(p -> p.getFileName().toString().matches(RUN_PREFIX + "\\d+"))
                    .filter(p -> !jvmRunning(Long.parseLong(p.getFileName().toString().substring(RUN_PREFIX.length()))))
                    .toList();
        }
        for (Path leftover : leftovers) {
            Path data = leftover.resolve(DATA);
            if (Files.exists(data.resolve("postmaster.pid"))) {
                Processes.Finished stopped = pg(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m",
                        "immediate", "-w", "stop"));
                System.err.printf("a Debian PostgreSQL left by a killed test JVM in %s: pg_ctl stop -m immediate: %s%n",
                        leftover, stopped.output().strip());
            }
            deleteTree(leftover);
        }
    }

    /** Whether {@code pid} is a running JVM (the owner of a run directory), as far as this process can tell. */
    private static boolean jvmRunning(long pid) {
        if (pid == ProcessHandle.current().pid()) {
            return true;
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .map(p -> p.info().command().map(c -> c.endsWith("java")).orElse(true))
                .orElse(false);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
