package io.workflowdb.operator.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.workflowdb.operator.validation.ResourceValidator;
import io.workflowdb.operator.validation.Violation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = { "Checks resource files (multi-document YAML) against the CRD schemas, their CEL rules and the",
                "operator's own rules, and prints each problem with its resource and field.",
                "Exit status: 0 when every workflowdb.io resource is valid, 2 otherwise." })
class ValidateCommand implements Callable<Integer> {

    static final int INVALID = 2;

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Option(names = { "-f", "--filename" }, required = true, arity = "1..*",
            description = "Files to check; other kinds (Secrets, ConfigMaps) in them are skipped.")
    List<Path> files;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ResourceValidator validator = new ResourceValidator();
        int problems = 0;
        int checked = 0;
        for (Path file : files) {
            try {
                for (JsonNode document : documents(file)) {
                    if (document == null || document.isNull() || document.isEmpty()) {
                        continue;
                    }
                    String label = file + ": " + describe(document);
                    if (!isOurs(document)) {
                        out.println(label + ": skipped, not a " + ResourceKinds.API_VERSION + " resource");
                        continue;
                    }
                    checked++;
                    List<Violation> violations = ResourceKinds.validate(validator, document);
                    if (violations.isEmpty()) {
                        out.println(label + ": valid");
                    }
                    for (Violation v : violations) {
                        out.println(label + ": " + v.field() + ": " + v.message());
                    }
                    problems += violations.isEmpty() ? 0 : 1;
                }
            } catch (IOException e) {
                out.println(file + ": cannot read: " + readable(e));
                problems++;
            }
        }
        out.println(checked + " resources checked, " + problems + " with problems");
        out.flush();
        return problems == 0 ? 0 : INVALID;
    }

    private static List<JsonNode> documents(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("no such file");
        }
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            return it.readAll();
        }
    }

    private static boolean isOurs(JsonNode document) {
        return ResourceKinds.API_VERSION.equals(document.path("apiVersion").asText())
                && ResourceKinds.isKnown(document.path("kind").asText());
    }

    private static String describe(JsonNode document) {
        JsonNode meta = document.path("metadata");
        String namespace = meta.path("namespace").asText("");
        String name = meta.path("name").asText("<unnamed>");
        return document.path("kind").asText("<no kind>") + " " + (namespace.isEmpty() ? "" : namespace + "/") + name;
    }

    private static String readable(IOException e) {
        if (e instanceof JsonProcessingException j) {
            return j.getOriginalMessage() + (j.getLocation() != null ? " at line " + j.getLocation().getLineNr() : "");
        }
        return e.getMessage();
    }
}
