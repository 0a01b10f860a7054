package io.workflowdb.operator.cluster.pgbouncer;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.workflowdb.operator.testing.PostgresUser;

/**
 * A real PgBouncer 1.18 (the Debian package) run on loopback from a rendered pgbouncer.ini.
 *
 * <p>PgBouncer refuses to run as root, so under root it runs as {@code postgres} (see
 * {@link PostgresUser}), and stopping the process stops PgBouncer. Its files live in a fresh 0700
 * directory under /tmp owned by whoever runs PgBouncer: the JVM's java.io.tmpdir is inside
 * target/, whose parents {@code postgres} may not be allowed to traverse.
 */
public final class PgBouncerProcess implements AutoCloseable {

    public static final Path BINARY = Path.of("/usr/sbin/pgbouncer");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

    private final Path directory;
    private Process process;

    public PgBouncerProcess() throws IOException {
        directory = Files.createTempDirectory(Path.of("/tmp"), "workflowdb-pgbouncer-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        PostgresUser.handOver(directory);
    }

    /** Skips the calling test when PgBouncer is not installed, except under CI, where it fails. */
    public static void assumeInstalled() {
        PostgresUser.requireInstalled(Files.isExecutable(BINARY),
                BINARY + " is missing; .ci/install-test-packages installs it");
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public Path authFile() {
        return directory.resolve("userlist.txt");
    }

    /**
     * Where PgBouncer reads the cluster's TLS files (the TLS Secret's mount in the pooler's pod): this
     * process's own directory, which {@code postgres} can reach wherever the test's tree lives.
     */
    public Path tlsDirectory() {
        return directory;
    }

    /** Copies ca.crt, tls.crt and tls.key (0600) into {@link #tlsDirectory()}, for PgBouncer's client and server TLS. */
    public void writeTls(String caPem, String certificatePem, String keyPem) throws IOException {
        writePrivate(directory.resolve("ca.crt"), caPem);
        writePrivate(directory.resolve("tls.crt"), certificatePem);
        writePrivate(directory.resolve("tls.key"), keyPem);
    }

    /** Writes both files, starts PgBouncer and returns once it accepts connections on {@code port}. */
    public void start(String ini, String userList, int port) throws IOException, InterruptedException {
        Path config = directory.resolve("pgbouncer.ini");
        writePrivate(config, ini);
        writePrivate(authFile(), userList);
        process = new ProcessBuilder(PostgresUser.command(List.of(BINARY.toString(), config.toString())))
                .redirectErrorStream(true).redirectOutput(directory.resolve("pgbouncer.log").toFile()).start();
        awaitPort(port);
    }

    public String log() throws IOException {
        Path log = directory.resolve("pgbouncer.log");
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private void awaitPort(int port) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                fail("PgBouncer exited with " + process.exitValue() + ":\n" + log());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        fail("PgBouncer did not listen on port " + port + " within " + START_TIMEOUT + ":\n" + log());
    }

    private void writePrivate(Path file, String content) throws IOException {
        Files.writeString(file, content, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        PostgresUser.handOver(file);
    }
}
