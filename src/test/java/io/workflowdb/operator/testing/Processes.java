package io.workflowdb.operator.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Child processes of the tests, the e2e cluster and the sandbox: a command run to its end with its
 * output, output collected while a process runs, and a stop as Kubernetes does it.
 */
public final class Processes {

    /** How long a process may take to die after SIGKILL. */
    private static final Duration AFTER_KILL = Duration.ofSeconds(10);

    private Processes() {
    }

    /** What a finished command printed; {@code errors} is empty when stderr went to {@code output}. */
    public record Finished(int exitCode, String output, String errors) {
    }

    /**
     * Starts {@code builder}'s command and waits for it to end, reading its output as it comes.
     *
     * @throws IllegalStateException when it has not ended within {@code timeout} (it is then killed)
     */
    public static Finished run(ProcessBuilder builder, Duration timeout) throws IOException {
        Process process = builder.start();
        Output output = collect(process.getInputStream(), "process-output");
        Output errors = builder.redirectErrorStream() ? null : collect(process.getErrorStream(), "process-errors");
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", builder.command()) + " did not finish within " + timeout
                        + "; it printed:\n" + output.text() + (errors == null ? "" : errors.text()));
            }
            return new Finished(process.exitValue(), output.awaitEnd(), errors == null ? "" : errors.awaitEnd());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** Stops a process as Kubernetes stops a container: SIGTERM, then SIGKILL after {@code grace}. */
    public static void stop(Process process, Duration grace) {
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(AFTER_KILL.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** A process's log file, or a line saying why there is none. */
    public static String readLog(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log " + file.getFileName() + ": " + e.getMessage() + ")";
        }
    }

    /** Collects {@code stream} on a daemon thread until it ends. */
    public static Output collect(InputStream stream, String threadName) {
        Output output = new Output();
        Thread reader = new Thread(() -> output.readAll(stream), threadName);
        output.reader = reader;
        reader.setDaemon(true);
        reader.start();
        return output;
    }

    /** Output of a process, as much of it as has come. */
    public static final class Output {
        private final StringBuffer text = new StringBuffer();
        private Thread reader;

        private void readAll(InputStream stream) {
            try (Reader in = new InputStreamReader(stream, StandardCharsets.UTF_8)) {
                char[] buffer = new char[8192];
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    text.append(buffer, 0, n);
                }
            } catch (IOException e) {
                text.append("[output ended: ").append(e.getMessage()).append("]\n");
            }
        }

        /** What has come so far. */
        public String text() {
            return text.toString();
        }

        /** All of it, once the process has ended and closed the stream (or after {@link #AFTER_KILL}). */
        public String awaitEnd() throws InterruptedException {
            reader.join(AFTER_KILL.toMillis());
            return text();
        }
    }
}
