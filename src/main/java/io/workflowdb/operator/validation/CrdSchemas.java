package io.workflowdb.operator.validation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.workflowdb.operator.api.v1alpha1.StoredSpec;

/**
 * The CRD schemas shipped in the artifact (the files of {@code deploy/crds/}), one validator per kind.
 */
public final class CrdSchemas {

    /** Where the build copies {@code deploy/crds/}. */
    public static final String RESOURCE_DIR = "META-INF/workflowdb/crds/";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final List<String> PLURALS =
            List.of("workflowdatabases", "partitionpolicies", "retentionpolicies", "maintenancepolicies");

    private final Map<String, SchemaValidator> byKind = new ConcurrentHashMap<>();

    public CrdSchemas() {
        CelRules cel = new CelRules();
        for (String plural : PLURALS) {
            JsonNode crd = load(RESOURCE_DIR + plural + ".workflowdb.io-v1.yml");
            String kind = crd.path("spec").path("names").path("kind").asText();
            JsonNode schema = crd.path("spec").path("versions").path(0).path("schema").path("openAPIV3Schema");
            byKind.put(kind, new SchemaValidator(schema, cel));
        }
    }

    /** The kinds this catalog knows. */
    public java.util.Set<String> kinds() {
        return byKind.keySet();
    }

    public Optional<SchemaValidator> forKind(String kind) {
        return Optional.ofNullable(byKind.get(kind));
    }

    /**
     * Validates the spec of a resource against its kind's CRD schema: the spec as stored when the
     * resource was read from JSON (unknown fields and wrong types included), its typed form otherwise.
     */
    public List<Violation> validateSpec(HasMetadata resource) {
        ObjectNode tree = Serialization.jsonMapper().valueToTree(resource);
        if (resource instanceof StoredSpec.Holder holder) {
            holder.storedSpec().ifPresent(stored -> tree.set("spec", stored));
        }
        return forKind(resource.getKind())
                .orElseThrow(() -> new IllegalArgumentException("no CRD schema for kind " + resource.getKind()))
                .validateSpec(tree);
    }

    private static JsonNode load(String resource) {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        try (InputStream in = (cl != null ? cl : CrdSchemas.class.getClassLoader()).getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("CRD " + resource + " is missing from the artifact");
            }
            return YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
