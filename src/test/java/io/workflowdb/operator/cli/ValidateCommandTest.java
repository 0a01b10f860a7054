package io.workflowdb.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ValidateCommandTest {

    static final Path INVALID = Path.of("src/test/resources/invalid");
    static final Path EXAMPLES = Path.of("examples");

    record Run(int exit, String output) {
    }

    static Run validate(String... files) {
        StringWriter out = new StringWriter();
        String[] args = Stream.concat(Stream.of("validate"), Stream.of(files).flatMap(f -> Stream.of("-f", f)))
                .toArray(String[]::new);
        int exit = WorkflowDbCommand.execute(new PrintWriter(out, true), args);
        return new Run(exit, out.toString());
    }

    static Stream<Path> invalidFiles() throws IOException {
        return list(INVALID);
    }

    static Stream<Path> exampleFiles() throws IOException {
        return list(EXAMPLES);
    }

    private static Stream<Path> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> yaml = files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                    .sorted().toList();
            return yaml.stream();
        }
    }

    @Test
    void corpusIsLargeEnough() throws IOException {
        assertThat(invalidFiles().count()).isGreaterThanOrEqualTo(25);
        assertThat(exampleFiles().count()).isGreaterThanOrEqualTo(4);
    }

    @ParameterizedTest
    @MethodSource("invalidFiles")
    void rejectsEachInvalidResourceNamingTheField(Path file) throws IOException {
        String expectedField = Files.readAllLines(file).get(0).replaceFirst("^#\\s*expect-field:\\s*", "").trim();
        assertThat(expectedField).as("first line of " + file + " names the expected field").startsWith("spec");
        Run run = validate(file.toString());
        assertThat(run.exit()).as(run.output()).isEqualTo(ValidateCommand.INVALID);
        assertThat(run.output()).as("message names the field").contains(": " + expectedField + ": ")
                .contains("1 with problems");
    }

    @ParameterizedTest
    @MethodSource("exampleFiles")
    void acceptsEachExample(Path file) {
        Run run = validate(file.toString());
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).containsAnyOf(": valid", ": skipped, not a ").contains(" 0 with problems");
    }

    @Test
    void reportsUnreadableYamlAndMissingFiles() throws IOException {
        Path broken = Files.createTempFile("broken", ".yaml");
        Files.writeString(broken, "apiVersion: workflowdb.io/v1alpha1\nkind: [unclosed\n");
        Run run = validate(broken.toString(), "does-not-exist.yaml");
        assertThat(run.exit()).isEqualTo(ValidateCommand.INVALID);
        assertThat(run.output()).contains("cannot read").contains("does-not-exist.yaml: cannot read: no such file");
    }

    @Test
    void reportsEveryProblemOfAResourceAndSkipsOtherKinds() throws IOException {
        Path file = Files.createTempFile("multi", ".yaml");
        Files.writeString(file, """
                apiVersion: v1
                kind: Secret
                metadata: {name: s, namespace: apps}
                ---
                apiVersion: workflowdb.io/v1alpha1
                kind: PartitionPolicy
                metadata: {name: p, namespace: apps}
                spec:
                  databaseRef: {name: workflow-db}
                  table: "tasks; DROP TABLE x"
                  column: occurred_at
                  range: {interval: month}
                  hash: {modulus: 4}
                """);
        Run run = validate(file.toString());
        assertThat(run.exit()).isEqualTo(ValidateCommand.INVALID);
        assertThat(run.output()).contains("Secret apps/s: skipped")
                .contains("PartitionPolicy apps/p: spec.table: \"tasks; DROP TABLE x\" does not match the pattern")
                .contains("PartitionPolicy apps/p: spec: set exactly one of range or hash");
    }
}
