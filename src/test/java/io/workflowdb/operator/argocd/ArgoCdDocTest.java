package io.workflowdb.operator.argocd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.workflowdb.operator.argocd.HealthChecks.Kind;

/**
 * The argocd-cm snippet of docs/argocd.md and deploy/argocd/argocd-cm-patch.yaml carry exactly the
 * health scripts of deploy/argocd, so they cannot drift. With {@code -Dargocd.update=true} the test
 * first rewrites both copies from the scripts.
 */
class ArgoCdDocTest {

    static final Path DOC = Path.of("docs/argocd.md");
    static final Path PATCH = HealthChecks.ARGOCD.resolve("argocd-cm-patch.yaml");
    static final Pattern YAML_BLOCK = Pattern.compile("```yaml\n(.*?)```\n", Pattern.DOTALL);

    @Test
    void theConfigMapInTheDocCarriesEachScriptExactly() throws IOException {
        if (Boolean.getBoolean("argocd.update")) {
            Files.writeString(DOC, replaceData(Files.readString(DOC), configMapBlock(Files.readString(DOC))));
        }
        assertCarriesEachScript(HealthChecks.YAML.readTree(configMapBlock(Files.readString(DOC))), DOC);
    }

    @Test
    void thePatchFileCarriesEachScriptExactly() throws IOException {
        if (Boolean.getBoolean("argocd.update")) {
            Files.writeString(PATCH, replaceData(Files.readString(PATCH), Files.readString(PATCH)));
        }
        assertCarriesEachScript(HealthChecks.YAML.readTree(PATCH.toFile()), PATCH);
    }

    @Test
    void theDocLinksWhatItNames() throws IOException {
        String doc = Files.readString(DOC);
        for (String path : List.of("examples/argocd/application.yaml", "deploy/argocd/argocd-cm-patch.yaml", "deploy/crds/")) {
            assertThat(doc).contains(path);
            assertThat(Path.of(path)).exists();
        }
        assertThat(Files.readString(Path.of("README.md"))).as("README links the page").contains("(docs/argocd.md)");
    }

    private static void assertCarriesEachScript(JsonNode manifest, Path where) throws IOException {
        JsonNode data = manifest.path("data");
        List<Kind> kinds = HealthChecks.kinds();
        assertThat(data.size()).as(where + ": one key per kind").isEqualTo(kinds.size());
        for (Kind kind : kinds) {
            assertThat(data.path(kind.configKey()).asText(null))
                    .as(where + ": " + kind.configKey() + " differs from " + kind.script()
                            + " (rewrite with -Dargocd.update=true)")
                    .isEqualTo(Files.readString(kind.script()));
        }
    }

    /** The yaml block of the doc that is the argocd-cm ConfigMap. */
    private static String configMapBlock(String doc) {
        List<String> blocks = new ArrayList<>();
        Matcher m = YAML_BLOCK.matcher(doc);
        while (m.find()) {
            if (m.group(1).contains("name: argocd-cm") && m.group(1).contains("kind: ConfigMap")) {
                blocks.add(m.group(1));
            }
        }
        assertThat(blocks).as(DOC + " shows the argocd-cm ConfigMap once").hasSize(1);
        return blocks.get(0);
    }

    /** {@code text} with the {@code data:} section of {@code section} rendered anew from the scripts. */
    private static String replaceData(String text, String section) throws IOException {
        int start = section.indexOf("\ndata:\n");
        assertThat(start).as("data: section").isNotNegative();
        String oldData = section.substring(start + 1);
        StringBuilder data = new StringBuilder("data:\n");
        for (Kind kind : HealthChecks.kinds()) {
            data.append("  ").append(kind.configKey()).append(": |\n");
            for (String line : Files.readString(kind.script()).split("\n", -1)) {
                if (!line.isEmpty()) {
                    data.append("    ").append(line);
                }
                data.append('\n');
            }
            data.setLength(data.length() - 1);
        }
        return text.replace(oldData, data.toString());
    }
}
