package io.workflowdb.operator.argocd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What Argo CD compares is the spec in Git with the spec in the cluster. It stays in sync only if
 * nothing else writes the spec: neither the API server (through schema defaults) nor the operator.
 */
class NoPermanentDiffTest {

    static final Path MAIN = Path.of("src/main/java");

    /** Paths of every {@code default} keyword in a schema; a property that happens to be named so is not one. */
    static List<String> defaults(JsonNode schema, String path) {
        List<String> found = new ArrayList<>();
        if (schema.isArray()) {
            for (int i = 0; i < schema.size(); i++) {
                found.addAll(defaults(schema.get(i), path + "[" + i + "]"));
            }
        } else if (schema.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = schema.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                String key = field.getKey();
                if (key.equals("default")) {
                    found.add(path + ".default");
                } else if (key.equals("properties") && field.getValue().isObject()) {
                    // the keys of properties are field names, their values schemas
                    for (Iterator<Map.Entry<String, JsonNode>> p = field.getValue().fields(); p.hasNext();) {
                        Map.Entry<String, JsonNode> property = p.next();
                        found.addAll(defaults(property.getValue(), path + ".properties." + property.getKey()));
                    }
                } else {
                    found.addAll(defaults(field.getValue(), path + "." + key));
                }
            }
        }
        return found;
    }

    @Test
    void crdSchemasDeclareNoDefaults() throws IOException {
        List<Path> crds = HealthChecks.crdFiles();
        assertThat(crds).hasSize(4);
        for (Path file : crds) {
            JsonNode crd = HealthChecks.YAML.readTree(file.toFile());
            int schemas = 0;
            for (JsonNode version : crd.path("spec").path("versions")) {
                JsonNode schema = version.path("schema").path("openAPIV3Schema");
                assertThat(schema.isObject()).as(file + " has a schema").isTrue();
                schemas++;
                assertThat(defaults(schema, version.path("name").asText()))
                        .as(file + ": a schema default makes the API server write fields Git does not have;"
                                + " apply defaults in the operator instead")
                        .isEmpty();
            }
            assertThat(schemas).as(file + " versions").isPositive();
        }
    }

    @Test
    void theDefaultsCheckFindsKeywordsAndIgnoresPropertiesNamedDefault() throws IOException {
        JsonNode schema = HealthChecks.YAML.readTree("""
                type: object
                properties:
                  default:
                    type: boolean
                  spec:
                    type: object
                    properties:
                      instances: {type: integer, default: 3}
                      hosts:
                        type: array
                        items: {type: string, default: localhost}
                """);
        assertThat(defaults(schema, "v1")).containsExactly("v1.properties.spec.properties.instances.default",
                "v1.properties.spec.properties.hosts.items.default");
    }

    @Test
    void theOperatorWritesStatusOnlyNeverTheSpecOrFinalizersOfItsResources() throws IOException {
        Pattern specWrites = Pattern.compile("patchResource|updateResource|ResourceAndStatus");
        Pattern clientAccess = Pattern.compile(
                "resources\\((WorkflowDatabase|PartitionPolicy|RetentionPolicy|MaintenancePolicy)\\.class\\)[^;]*;");
        Pattern cleaner = Pattern.compile("implements[^{]*\\bCleaner<");
        Pattern writes = Pattern.compile("\\.(edit|patch|update|replace|serverSideApply|createOr\\w*|create)\\(");
        List<Path> sources;
        try (Stream<Path> files = Files.walk(MAIN)) {
            sources = files.filter(f -> f.toString().endsWith(".java")).toList();
        }
        assertThat(sources).hasSizeGreaterThan(50);
        for (Path source : sources) {
            String code = Files.readString(source);
            assertThat(specWrites.matcher(code).find()).as(source + " asks the SDK to write a primary resource").isFalse();
            assertThat(cleaner.matcher(code).find()).as(source + ": a Cleaner makes the SDK add a finalizer").isFalse();
            Matcher access = clientAccess.matcher(code);
            while (access.find()) {
                assertThat(writes.matcher(access.group()).find()).as(source + ": " + access.group()).isFalse();
            }
        }
    }
}
