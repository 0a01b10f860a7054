package io.workflowdb.operator.deploy;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

import io.workflowdb.operator.testing.Processes;
import io.workflowdb.operator.testing.Timeouts;

/**
 * The helm binary the chart tests run: {@code -Dhelm.binary}, {@code $HELM_BINARY},
 * {@code .ci/tools/helm} (where {@code .ci/install-test-packages} puts it) or {@code helm} on the
 * PATH. Without one the tests skip, loudly, unless CI is set, where they fail.
 */
final class Helm {

    static final Path CHART = Path.of("deploy/helm/workflowdb-operator");
    static final Path MAXIMAL_VALUES = Path.of("src/test/resources/helm/values-maximal.yaml");
    static final String RELEASE = "wf";
    static final String NAMESPACE = "operators";

    private final String binary;

    private Helm(String binary) {
        this.binary = binary;
    }

    /** The helm binary, or the test is skipped (failed under CI) with a message saying how to get one. */
    static Helm require() {
        Optional<Helm> helm = find();
        if (helm.isEmpty()) {
            String reason = "helm not found (tried -Dhelm.binary, $HELM_BINARY, .ci/tools/helm and the PATH): the Helm chart "
                    + "is NOT tested. Run .ci/install-test-packages to fetch helm into .ci/tools/helm";
            if (System.getenv("CI") != null) {
                fail(reason);
            }
            System.err.println("\n*** SKIPPED: " + reason + " ***\n");
            Assumptions.abort(reason);
        }
        return helm.get();
    }

    private static Optional<Helm> find() {
        return Stream.of(System.getProperty("helm.binary"), System.getenv("HELM_BINARY"), ".ci/tools/helm", "helm")
                .filter(candidate -> candidate != null && !candidate.isBlank())
                .map(Helm::new)
                .filter(Helm::works)
                .findFirst();
    }

    private boolean works() {
        try {
            return run(List.of("version", "--short")).exitCode() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** helm template of the chart as release {@link #RELEASE} in {@link #NAMESPACE}, with extra arguments (-f, --set). */
    Rendered template(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("template", RELEASE, CHART.toString(), "--namespace", NAMESPACE));
        command.addAll(List.of(args));
        Processes.Finished result = run(command);
        if (result.exitCode() != 0) {
            fail("helm " + String.join(" ", command) + " failed:\n" + result.errors() + result.output());
        }
        return Rendered.parse(result.output());
    }

    /** Runs helm and waits for it (at most {@link Timeouts#HELM}). */
    Processes.Finished run(List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(binary);
        command.addAll(args);
        return Processes.run(new ProcessBuilder(command), Timeouts.HELM);
    }
}
