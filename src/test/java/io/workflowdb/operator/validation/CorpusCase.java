package io.workflowdb.operator.validation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * One file of {@code src/test/resources/invalid/}: the resource as written and the field its error
 * must name (the file's first line, {@code # expect-field: spec.table}).
 */
public record CorpusCase(Path file, int number, String field, ObjectNode resource) {

    public static final Path DIRECTORY = Path.of("src/test/resources/invalid");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    public static List<CorpusCase> all() {
        try (Stream<Path> files = Files.list(DIRECTORY)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().map(CorpusCase::read).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static CorpusCase read(Path file) {
        try {
            String first = Files.readAllLines(file).get(0);
            String field = first.replaceFirst("^#\\s*expect-field:\\s*", "").trim();
            int number = Integer.parseInt(file.getFileName().toString().replaceFirst("-.*", ""));
            return new CorpusCase(file, number, field, (ObjectNode) YAML.readTree(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public String kind() {
        return resource.path("kind").asText();
    }

    public String name() {
        return resource.path("metadata").path("name").asText();
    }

    public boolean isPolicy() {
        return !"WorkflowDatabase".equals(kind());
    }

    /** Whether the case is about {@code path} or a field below it, so the test must leave it as written. */
    public boolean concerns(String path) {
        return field.equals(path) || field.startsWith(path + ".") || field.startsWith(path + "[");
    }

    @Override
    public String toString() {
        return file.getFileName().toString();
    }
}
