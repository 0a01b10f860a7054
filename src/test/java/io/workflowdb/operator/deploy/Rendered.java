package io.workflowdb.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/** The objects of a multi-document YAML stream (helm template's output, the build's kubernetes.yml). */
record Rendered(List<JsonNode> objects) {

    static final YAMLMapper YAML = new YAMLMapper();
    static final KubernetesSerialization KUBERNETES = new KubernetesSerialization();

    static Rendered parse(String yaml) throws IOException {
        List<JsonNode> objects = new ArrayList<>();
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc != null && doc.isObject() && doc.has("kind")) {
                    objects.add(doc);
                }
            }
        }
        return new Rendered(objects);
    }

    List<JsonNode> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    JsonNode one(String kind, String name) {
        List<JsonNode> found = ofKind(kind).stream().filter(o -> name.equals(o.path("metadata").path("name").asText()))
                .toList();
        assertThat(found).as(kind + " " + name).hasSize(1);
        return found.get(0);
    }

    <T> T one(String kind, Class<T> type) {
        List<JsonNode> found = ofKind(kind);
        assertThat(found).as("one " + kind).hasSize(1);
        return KUBERNETES.convertValue(found.get(0), type);
    }

    /** "Kind namespace/name" of every object, sorted. */
    Set<String> identities() {
        Set<String> ids = new TreeSet<>();
        for (JsonNode o : objects) {
            JsonNode meta = o.path("metadata");
            String ns = meta.path("namespace").asText("");
            ids.add(o.path("kind").asText() + " " + (ns.isEmpty() ? "" : ns + "/") + meta.path("name").asText());
        }
        return ids;
    }

    /** Every (apiGroup, resource, verb, resourceName) a rule list grants, as "group resource verb [name]". */
    static Set<String> grants(JsonNode rules) {
        Set<String> grants = new TreeSet<>();
        for (JsonNode rule : rules) {
            List<String> names = new ArrayList<>();
            rule.path("resourceNames").forEach(n -> names.add(n.asText()));
            for (JsonNode group : rule.path("apiGroups")) {
                for (JsonNode resource : rule.path("resources")) {
                    for (JsonNode verb : rule.path("verbs")) {
                        String grant = group.asText() + " " + resource.asText() + " " + verb.asText();
                        if (names.isEmpty()) {
                            grants.add(grant);
                        } else {
                            names.forEach(n -> grants.add(grant + " " + n));
                        }
                    }
                }
            }
        }
        return grants;
    }

    /** The grants of every ClusterRole in this stream. */
    Set<String> clusterRoleGrants() {
        Set<String> all = new TreeSet<>();
        ofKind("ClusterRole").forEach(role -> all.addAll(grants(role.path("rules"))));
        return all;
    }
}
