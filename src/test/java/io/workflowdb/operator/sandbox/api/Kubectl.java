package io.workflowdb.operator.sandbox.api;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.Assumptions;

import io.workflowdb.operator.testing.InstalledPrograms;
import io.workflowdb.operator.testing.Processes;
import io.workflowdb.operator.testing.Timeouts;

/**
 * The real kubectl, run as a process against one kubeconfig with its own discovery cache. Without
 * kubectl on the PATH the tests skip, loudly, unless CI is set, where they fail.
 */
public record Kubectl(Path binary, Path kubeconfig, Path cacheDir) {

    /** Where .ci/install-test-packages puts kubectl when the machine has none. */
    static final Path CI_TOOLS = Path.of(".ci/tools/kubectl");

    /** kubectl from the PATH, else from .ci/tools, or the test is skipped (failed under CI). */
    public static Path requireBinary() {
        Optional<Path> found = InstalledPrograms.onPath("kubectl")
                .or(() -> Files.isExecutable(CI_TOOLS) ? Optional.of(CI_TOOLS.toAbsolutePath()) : Optional.empty());
        if (found.isEmpty()) {
            String reason = "kubectl found neither on the PATH nor in " + CI_TOOLS + ": the sandbox is NOT tested against"
                    + " the real kubectl. .ci/install-test-packages installs it";
            if (System.getenv("CI") != null) {
                fail(reason);
            }
            System.err.println("\n*** SKIPPED: " + reason + " ***\n");
            Assumptions.abort(reason);
        }
        return found.get();
    }

    public static Kubectl of(Path binary, Path kubeconfig, Path cacheDir) {
        return new Kubectl(binary, kubeconfig, cacheDir);
    }

    /** What a finished kubectl printed, stdout and stderr together. */
    public record Result(int exitCode, String output) {
    }

    /** Runs kubectl and waits for it (at most {@link Timeouts#COMMAND}). */
    public Result run(String... args) {
        try {
            Processes.Finished finished = Processes.run(command(args), Timeouts.COMMAND);
            return new Result(finished.exitCode(), finished.output());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs kubectl and returns its output; fails the test when kubectl fails. */
    public String ok(String... args) {
        Result result = run(args);
        if (result.exitCode() != 0) {
            fail("kubectl " + String.join(" ", args) + " exited with " + result.exitCode() + ":\n" + result.output());
        }
        return result.output();
    }

    /** A kubectl left running ({@code get -w}, {@code wait}), its output collected as it comes. */
    final class Running implements AutoCloseable {
        private final Process process;
        private final Processes.Output output;

        private Running(Process process) {
            this.process = process;
            this.output = Processes.collect(process.getInputStream(), "kubectl-output");
        }

        /** Waits until the output so far satisfies {@code condition}; fails the test after {@code timeout}. */
        String awaitOutput(Predicate<String> condition, Duration timeout, String what) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                String now = output.text();
                if (condition.test(now)) {
                    return now;
                }
                Thread.sleep(50);
            }
            return fail("kubectl printed no " + what + " in " + timeout + "; it printed:\n" + output.text());
        }

        boolean isAlive() {
            return process.isAlive();
        }

        /** Waits for kubectl to end by itself; fails the test after {@code timeout}. */
        Result awaitExit(Duration timeout) throws InterruptedException {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                fail("kubectl still runs after " + timeout + "; it printed:\n" + output.text());
            }
            return new Result(process.exitValue(), output.awaitEnd());
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    Running runInBackground(String... args) {
        try {
            return new Running(command(args).start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ProcessBuilder command(String... args) {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--kubeconfig", kubeconfig.toString(),
                "--cache-dir", cacheDir.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true);
    }
}
