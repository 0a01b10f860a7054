package io.workflowdb.operator.e2e;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.workflowdb.operator.testing.PostgresUser;

/**
 * One Patroni member: {@code patroni <file>} run as {@code postgres} with the pod's environment. Its
 * directory {@code <run>/<member>} (0700, owned by postgres) holds the data directory, the pgpass
 * file, PostgreSQL's socket directory when the member has a private one, and the log of Patroni and
 * PostgreSQL together.
 *
 * <p>{@link #kill()} is a crash: SIGKILL to Patroni, the postmaster (its PID from
 * {@code postmaster.pid}) and every PostgreSQL process, at once. {@link #start()} starts Patroni
 * again on the same data directory.
 */
final class PatroniNode implements AutoCloseable {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    static final String PGPASS = "pgpass";
    private static final String START_MARKER = "===== start ";
    private static final String BIND_AND_EXEC = "mount --bind \"$1\" \"$2\" && shift 2 && exec \"$@\"";

    private final LoopbackTopology.Member member;
    private final Path directory;
    private final Path patroni;
    private final Path configFile;
    private final Map<String, String> environment;
    private final String socketDirectory;
    private Process process;
    private int starts;

    /**
     * @param environment     every PATRONI_* variable the member gets
     * @param socketDirectory PostgreSQL's socket directory from the rendered file, which this member
     *                        gets to itself in a private mount namespace; {@code null} to share the host's
     */
    PatroniNode(LoopbackTopology.Member member, Path directory, Path patroni, Path configFile,
            Map<String, String> environment, String socketDirectory) throws IOException {
        this.member = member;
        this.directory = directory;
        this.patroni = patroni;
        this.configFile = configFile;
        this.environment = Map.copyOf(environment);
        this.socketDirectory = socketDirectory;
        for (Path dir : List.of(directory, dataDirectory(), runDirectory())) {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            PostgresUser.handOver(dir);
        }
    }

    String name() {
        return member.name();
    }

    /** The variables Patroni starts with: the pod's and the loopback overrides. */
    Map<String, String> environment() {
        return environment;
    }

    LoopbackTopology.Member member() {
        return member;
    }

    Path dataDirectory() {
        return directory.resolve("data");
    }

    Path log() {
        return directory.resolve("patroni.log");
    }

    /** Where Patroni writes the passwords its replication and pg_rewind connections use. */
    Path pgpass() {
        return directory.resolve(PGPASS);
    }

    /** Where PostgreSQL's Unix socket lives for this member, when it has its own. */
    Path runDirectory() {
        return directory.resolve("run");
    }

    /** How many times Patroni was started on this member. */
    int starts() {
        return starts;
    }

    synchronized void start() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name() + " is already running");
        }
        List<String> command = new ArrayList<>();
        if (socketDirectory != null) {
            command.addAll(List.of("unshare", "--mount", "--propagation", "private", "sh", "-c", BIND_AND_EXEC, "sh",
                    runDirectory().toString(), socketDirectory));
        }
        command.addAll(PostgresUser.command(List.of(patroni.toString(), configFile.toString())));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("PATRONI_") || name.startsWith("PG"));
        env.put("HOME", directory.toString());
        env.putAll(environment);
        Files.writeString(log(), START_MARKER + (starts + 1) + " of " + name() + " =====\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        process = builder.start();
        starts++;
    }

    /** Patroni's PID of the latest start. */
    synchronized long patroniPid() {
        return process.pid();
    }

    synchronized boolean patroniRunning() {
        return process != null && process.isAlive();
    }

    /** SIGKILL to Patroni and all of PostgreSQL at once; returns when none of them runs any more. */
    synchronized void kill() {
        Set<ProcessHandle> victims = processes();
        victims.forEach(ProcessHandle::destroyForcibly);
        awaitGone(victims, Duration.ofSeconds(10));
    }

    /** Patroni's own shutdown (SIGTERM: it stops PostgreSQL first); a crash if that takes too long. */
    synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        kill();
    }

    @Override
    public void close() {
        stop();
    }

    /** Patroni, the postmaster and everything below either, that still run. */
    private Set<ProcessHandle> processes() {
        Set<ProcessHandle> all = new LinkedHashSet<>();
        if (process != null) {
            all.addAll(Pids.withDescendants(process.pid()));
        }
        Pids.postmaster(dataDirectory()).ifPresent(pid -> {
            // a stale postmaster.pid may name an unrelated process that took over the PID
            if (ProcessHandle.of(pid).flatMap(p -> p.info().command()).map(c -> c.endsWith("/postgres")).orElse(false)) {
                all.addAll(Pids.withDescendants(pid));
            }
        });
        all.removeIf(p -> !Pids.running(p.pid()));
        return all;
    }

    private void awaitGone(Set<ProcessHandle> processes, Duration timeout) {
        await(name() + "'s processes gone").atMost(timeout).pollInterval(Duration.ofMillis(20))
                .until(() -> processes.stream().noneMatch(p -> Pids.running(p.pid())));
    }

    String logText() {
        try {
            return Files.readString(log(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** What Patroni and PostgreSQL logged since the latest {@link #start()}. */
    String logSinceLastStart() {
        String text = logText();
        int marker = text.lastIndexOf(START_MARKER);
        return marker < 0 ? text : text.substring(marker);
    }

    /** The last {@code lines} lines of the log, for failure messages. */
    String logTail(int lines) {
        List<String> all = logText().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
