package io.workflowdb.operator.crd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/** The committed CRDs under deploy/crds and the ones the build generates. */
final class CrdFiles {

    static final Path COMMITTED = Path.of("deploy/crds");
    static final Path GENERATED = Path.of("target/kubernetes");
    static final List<String> NAMES = List.of("workflowdatabases.workflowdb.io-v1.yml",
            "partitionpolicies.workflowdb.io-v1.yml", "retentionpolicies.workflowdb.io-v1.yml",
            "maintenancepolicies.workflowdb.io-v1.yml");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private CrdFiles() {
    }

    static JsonNode read(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Stream<Path> committed() {
        return NAMES.stream().map(COMMITTED::resolve);
    }

    static String text(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
