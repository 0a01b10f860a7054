package io.workflowdb.operator.sandbox.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The CustomResourceDefinitions stored in the sandbox at one moment. Discovery, tables and
 * OpenAPI documents are computed from this rather than from a fixed list, so a CRD created
 * through the API shows up everywhere at once.
 */
final class CustomResources {

    /** One stored CRD and the names kubectl looks it up by. */
    record Definition(JsonNode crd) {

        String group() {
            return crd.path("spec").path("group").asText();
        }

        String plural() {
            return names().path("plural").asText();
        }

        String singular() {
            String singular = names().path("singular").asText();
            return singular.isEmpty() ? kind().toLowerCase() : singular;
        }

        String kind() {
            return names().path("kind").asText();
        }

        boolean namespaced() {
            return !"Cluster".equals(crd.path("spec").path("scope").asText());
        }

        List<String> shortNames() {
            return texts(names().path("shortNames"));
        }

        List<String> categories() {
            return texts(names().path("categories"));
        }

        /** The served versions in the order the CRD lists them. */
        List<JsonNode> servedVersions() {
            List<JsonNode> served = new ArrayList<>();
            for (JsonNode v : crd.path("spec").path("versions")) {
                if (v.path("served").asBoolean(true)) {
                    served.add(v);
                }
            }
            return served;
        }

        Optional<JsonNode> version(String name) {
            return servedVersions().stream().filter(v -> name.equals(v.path("name").asText())).findFirst();
        }

        /** The version clients should prefer: the storage version, else the first served one. */
        String preferredVersion() {
            return servedVersions().stream().filter(v -> v.path("storage").asBoolean(false)).findFirst()
                    .or(() -> servedVersions().stream().findFirst())
                    .map(v -> v.path("name").asText()).orElse("");
        }

        private JsonNode names() {
            return crd.path("spec").path("names");
        }
    }

    private final List<Definition> definitions;

    private CustomResources(List<Definition> definitions) {
        this.definitions = definitions;
    }

    /** From a CustomResourceDefinitionList (any JSON with an {@code items} array). */
    static CustomResources fromList(JsonNode list) {
        List<Definition> definitions = new ArrayList<>();
        for (JsonNode item : list.path("items")) {
            definitions.add(new Definition(item));
        }
        return new CustomResources(definitions);
    }

    List<Definition> all() {
        return definitions;
    }

    Optional<Definition> find(String group, String version, String plural) {
        return definitions.stream()
                .filter(d -> d.group().equals(group) && d.plural().equals(plural) && d.version(version).isPresent())
                .findFirst();
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }
}
