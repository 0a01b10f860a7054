package io.workflowdb.operator.argocd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.luaj.vm2.LuaError;

import com.fasterxml.jackson.databind.JsonNode;

import io.workflowdb.operator.argocd.HealthChecks.Case;
import io.workflowdb.operator.argocd.HealthChecks.Kind;

/** Every fixture of every kind through its health.lua, compared with its health_test.yaml entry. */
class HealthScriptTest {

    static List<Case> cases() throws IOException {
        return HealthChecks.allCases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void scriptAnswersAsTheTestFileSays(Case c) throws IOException {
        JsonNode resource = HealthChecks.YAML.readTree(c.kind().directory().resolve(c.inputPath()).toFile());
        LuaHealthScript.Health health = new LuaHealthScript(c.kind().script()).evaluate(resource);
        assertThat(health.status()).as("status of " + c.inputPath()).isEqualTo(c.status());
        assertThat(health.message()).as("message of " + c.inputPath()).isEqualTo(c.message());
        assertThat(LuaHealthScript.STATUSES).contains(health.status());
    }

    @Test
    void theHarnessOffersOnlyWhatArgoCdOffersAScript() throws IOException {
        Path script = Files.createTempFile("health", ".lua");
        Files.writeString(script, "return {status = string.lower(\"HEALTHY\"), message = \"\"}");
        JsonNode resource = HealthChecks.YAML.readTree("kind: WorkflowDatabase");
        assertThatThrownBy(() -> new LuaHealthScript(script).evaluate(resource))
                .as("the string library is not open to health scripts").isInstanceOf(LuaError.class);
        Files.writeString(script, "local t = {}\ntable.insert(t, obj.kind)\n"
                + "return {status = \"Healthy\", message = t[1] .. \" \" .. tostring(#t)}");
        assertThat(new LuaHealthScript(script).evaluate(resource))
                .isEqualTo(new LuaHealthScript.Health("Healthy", "WorkflowDatabase 1"));
    }

    @Test
    void everyKindHasAScriptAndFixturesForEachHealth() throws IOException {
        List<Kind> kinds = HealthChecks.kinds();
        assertThat(kinds).extracting(Kind::name)
                .containsExactlyInAnyOrder("MaintenancePolicy", "PartitionPolicy", "RetentionPolicy", "WorkflowDatabase");
        for (Kind kind : kinds) {
            assertThat(kind.script()).as(kind.name() + " health.lua").isRegularFile();
            assertThat(kind.tests()).as(kind.name() + " health_test.yaml").isRegularFile();
            Set<String> covered = HealthChecks.cases(kind).stream().map(Case::status).collect(Collectors.toSet());
            assertThat(covered).as(kind.name() + " fixtures").contains("Healthy", "Progressing", "Degraded");
            if (kind.suspendable()) {
                assertThat(covered).as(kind.name() + " has spec.suspend").contains("Suspended");
            }
        }
    }

    @Test
    void everyFixtureIsTestedAndIsAResourceOfItsKind() throws IOException {
        for (Kind kind : HealthChecks.kinds()) {
            Set<String> listed = HealthChecks.cases(kind).stream().map(Case::inputPath)
                    .collect(Collectors.toCollection(TreeSet::new));
            Set<String> present;
            try (Stream<Path> files = Files.list(kind.directory().resolve("testdata"))) {
                present = files.map(f -> "testdata/" + f.getFileName()).collect(Collectors.toCollection(TreeSet::new));
            }
            assertThat(listed).as(kind.name() + ": fixtures in testdata/ and in health_test.yaml")
                    .containsExactlyElementsOf(present);
            for (String input : listed) {
                JsonNode resource = HealthChecks.YAML.readTree(kind.directory().resolve(input).toFile());
                assertThat(resource.path("apiVersion").asText()).as(input).isEqualTo(kind.group() + "/v1alpha1");
                assertThat(resource.path("kind").asText()).as(input).isEqualTo(kind.name());
                assertThat(resource.path("metadata").path("generation").isIntegralNumber()).as(input + " generation")
                        .isTrue();
            }
        }
    }
}
