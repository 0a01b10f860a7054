package io.workflowdb.operator.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Runs a program of the test machine to its end and keeps what it printed. */
public final class Processes {

    /**
     * @param finished whether the program exited in time; one that did not was killed
     * @param exitCode its exit code, when it finished
     * @param output   what it printed
     */
    public record Output(boolean finished, int exitCode, String output) {
    }

    private Processes() {
    }

    /** Starts {@code builder}, reads everything it prints and waits up to {@code timeout} for it to exit. */
    public static Output run(ProcessBuilder builder, Duration timeout) throws IOException, InterruptedException {
        Process process = builder.start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            return new Output(false, -1, output);
        }
        return new Output(true, process.exitValue(), output);
    }
}
