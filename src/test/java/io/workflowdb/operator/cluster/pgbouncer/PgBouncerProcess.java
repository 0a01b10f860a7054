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
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

/**
 * A real PgBouncer 1.18 (the Debian package) run on loopback from a rendered pgbouncer.ini.
 *
 * <p>PgBouncer refuses to run as root, so under root it runs as {@code postgres} through
 * {@code setpriv}, which execs and keeps the PID, so stopping the process stops PgBouncer. Its
 * files live in a fresh 0700 directory under /tmp owned by whoever runs PgBouncer: the JVM's
 * java.io.tmpdir is inside target/, whose parents {@code postgres} may not be allowed to traverse.
 */
final class PgBouncerProcess implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/sbin/pgbouncer");
    private static final String RUN_AS = "postgres";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

    private final Path directory;
    private final boolean root;
    private Process process;

    PgBouncerProcess() throws IOException {
        root = ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        directory = Files.createTempDirectory(Path.of("/tmp"), "workflowdb-pgbouncer-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        handOver(directory);
    }

    /** Skips the calling test when PgBouncer is not installed, except under CI, where it fails. */
    static void assumeInstalled() {
        if (!Files.isExecutable(BINARY)) {
            String reason = BINARY + " is missing; .ci/install-test-packages installs it";
            if (System.getenv("CI") != null) {
                fail(reason);
            }
            Assumptions.assumeTrue(false, reason);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    Path authFile() {
        return directory.resolve("userlist.txt");
    }

    /** Writes both files, starts PgBouncer and returns once it accepts connections on {@code port}. */
    void start(String ini, String userList, int port) throws IOException, InterruptedException {
        Path config = directory.resolve("pgbouncer.ini");
        writePrivate(config, ini);
        writePrivate(authFile(), userList);
        List<String> command = new ArrayList<>();
        if (root) {
            command.addAll(List.of("setpriv", "--reuid=" + RUN_AS, "--regid=" + RUN_AS, "--init-groups"));
        }
        command.addAll(List.of(BINARY.toString(), config.toString()));
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(directory.resolve("pgbouncer.log").toFile()).start();
        awaitPort(port);
    }

    String log() throws IOException {
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
        handOver(file);
    }

    /** Under root, gives the path to the user PgBouncer runs as; otherwise it already belongs to that user. */
    private void handOver(Path path) throws IOException {
        if (root) {
            UserPrincipalLookupService users = path.getFileSystem().getUserPrincipalLookupService();
            Files.setOwner(path, users.lookupPrincipalByName(RUN_AS));
        }
    }
}
