package io.workflowdb.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** The packaged artifact in command-line mode: no cluster, no operator start-up. */
class ValidateCommandIT {

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");

    record Result(int exit, String output) {
    }

    private static Result run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("validate finishes").isTrue();
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void examplesAreValid() throws Exception {
        Result r = run("validate", "-f", "examples/retentionpolicy.yaml", "-f",
                "examples/partition-policy-workflow-events.yaml", "-f", "examples/maintenancepolicy.yaml");
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("0 with problems").doesNotContain("Quarkus");
    }

    @Test
    void invalidResourceExitsWithTwoAndNamesTheField() throws Exception {
        Result r = run("validate", "-f", ValidateCommandTest.INVALID.toString() + "/" + firstInvalid());
        assertThat(r.exit()).as(r.output()).isEqualTo(2);
        assertThat(r.output()).contains(": spec");
    }

    private static String firstInvalid() throws Exception {
        return ValidateCommandTest.invalidFiles().findFirst().orElseThrow().getFileName().toString();
    }
}
