package io.workflowdb.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

class CrdSchemaTest {

    static Stream<Path> crds() {
        return CrdFiles.committed();
    }

    @ParameterizedTest
    @MethodSource("crds")
    void namesScopeSubresourceAndColumns(Path file) {
        JsonNode crd = CrdFiles.read(file);
        JsonNode spec = crd.get("spec");
        assertThat(spec.path("group").asText()).isEqualTo("workflowdb.io");
        assertThat(spec.path("scope").asText()).isEqualTo("Namespaced");
        assertThat(spec.path("names").path("categories").toString()).contains("workflowdb");
        assertThat(spec.path("names").path("shortNames").get(0).asText()).startsWith("wf");
        assertThat(file.getFileName().toString()).startsWith(spec.path("names").path("plural").asText() + ".");
        JsonNode version = spec.path("versions").get(0);
        assertThat(version.path("name").asText()).isEqualTo("v1alpha1");
        assertThat(version.path("subresources").has("status")).isTrue();
        List<String> columns = new ArrayList<>();
        version.path("additionalPrinterColumns").forEach(c -> columns.add(c.path("name").asText()));
        assertThat(columns).contains("Age").hasSizeGreaterThanOrEqualTo(4);
    }

    @ParameterizedTest
    @MethodSource("crds")
    void everyFieldHasADescription(Path file) {
        JsonNode schema = CrdFiles.read(file).path("spec").path("versions").get(0).path("schema").path("openAPIV3Schema");
        List<String> undescribed = new ArrayList<>();
        collectUndescribed(schema, "", undescribed);
        assertThat(undescribed).as("fields without description in " + file).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("crds")
    void identifierFieldsCarryThePatternAndCrossFieldRulesAreCel(Path file) {
        String text = CrdFiles.text(file);
        if (!file.toString().contains("maintenance")) {
            assertThat(text).contains("^([a-z_][a-z0-9_$]{0,62}\\\\.)?[a-z_][a-z0-9_$]{0,62}$");
        }
        assertThat(text).contains("x-kubernetes-validations");
    }

    private static void collectUndescribed(JsonNode node, String path, List<String> out) {
        Iterator<Map.Entry<String, JsonNode>> it = node.path("properties").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String p = path + "." + e.getKey();
            if (!e.getValue().hasNonNull("description") && !p.equals(".apiVersion") && !p.equals(".kind")
                    && !p.equals(".metadata")) {
                out.add(p);
            }
            collectUndescribed(e.getValue(), p, out);
        }
        if (node.has("items")) {
            collectUndescribed(node.get("items"), path + "[]", out);
        }
        if (node.path("additionalProperties").isObject()) {
            collectUndescribed(node.get("additionalProperties"), path + "{}", out);
        }
    }
}
