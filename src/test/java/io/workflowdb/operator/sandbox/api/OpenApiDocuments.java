package io.workflowdb.operator.sandbox.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * OpenAPI documents built from the stored CRD schemas.
 *
 * <ul>
 * <li>{@code /openapi/v2}: kubectl asks for it in protobuf before client-side validation of an
 * apply. An empty body is a valid empty protobuf document; kubectl finds no schema for the kind in
 * it and skips that validation (this server does not validate against schemas either).</li>
 * <li>{@code /openapi/v3}: the index of group-version documents kubectl explain reads, each with a
 * hash so kubectl's disk cache notices a changed CRD.</li>
 * <li>{@code /openapi/v3/apis/G/V}: one schema per kind, named the way the API server names them
 * ({@code io.workflowdb.v1alpha1.WorkflowDatabase}) and tagged with
 * {@code x-kubernetes-group-version-kind}, which is how kubectl explain finds the kind.</li>
 * </ul>
 */
final class OpenApiDocuments {

    static final String V2_PROTOBUF = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** Group-version ("apis/workflowdb.io/v1alpha1") to its document. */
    private final Map<String, ObjectNode> documents = new LinkedHashMap<>();

    OpenApiDocuments(CustomResources crds) {
        for (CustomResources.Definition d : crds.all()) {
            for (JsonNode version : d.servedVersions()) {
                String name = version.path("name").asText();
                ObjectNode doc = documents.computeIfAbsent("apis/" + d.group() + "/" + name, k -> emptyDocument());
                String schemaName = schemaName(d.group(), name, d.kind());
                ((ObjectNode) doc.path("components").path("schemas")).set(schemaName, schema(d, name, version));
                ((ObjectNode) doc.path("paths")).set(itemPath(d, name), operations(d, name, schemaName));
            }
        }
    }

    /** The answer for an {@code /openapi/...} path, or empty when unknown. */
    Optional<ObjectNode> answer(String path) {
        String trimmed = path.replaceAll("^/+|/+$", "");
        if (trimmed.equals("openapi/v3")) {
            return Optional.of(index());
        }
        if (trimmed.startsWith("openapi/v3/")) {
            return Optional.ofNullable(documents.get(trimmed.substring("openapi/v3/".length())));
        }
        return Optional.empty();
    }

    private ObjectNode index() {
        ObjectNode index = JSON.objectNode();
        ObjectNode paths = index.putObject("paths");
        documents.forEach((groupVersion, doc) -> paths.putObject(groupVersion)
                .put("serverRelativeURL", "/openapi/v3/" + groupVersion + "?hash=" + hash(doc)));
        return index;
    }

    private static ObjectNode emptyDocument() {
        ObjectNode doc = JSON.objectNode().put("openapi", "3.0.0");
        doc.putObject("info").put("title", "Kubernetes CRD Swagger").put("version", "v0.1.0");
        doc.putObject("paths");
        doc.putObject("components").putObject("schemas");
        return doc;
    }

    /** The CRD's schema with apiVersion, kind and metadata described, as the API server publishes it. */
    private static ObjectNode schema(CustomResources.Definition d, String version, JsonNode crdVersion) {
        JsonNode declared = crdVersion.path("schema").path("openAPIV3Schema");
        ObjectNode schema = declared.isObject() ? ((ObjectNode) declared).deepCopy() : JSON.objectNode();
        if (!schema.has("type")) {
            schema.put("type", "object");
        }
        ObjectNode properties = schema.has("properties") ? (ObjectNode) schema.get("properties")
                : schema.putObject("properties");
        Map<String, ObjectNode> standard = new LinkedHashMap<>();
        standard.put("apiVersion", JSON.objectNode().put("type", "string").put("description",
                "APIVersion defines the versioned schema of this representation of an object."));
        standard.put("kind", JSON.objectNode().put("type", "string").put("description",
                "Kind is a string value representing the REST resource this object represents."));
        standard.put("metadata", JSON.objectNode().put("type", "object").put("description",
                "Standard object's metadata."));
        standard.forEach((key, value) -> {
            if (!properties.has(key) || properties.get(key).size() <= 1) {
                properties.set(key, value);
            }
        });
        schema.putArray("x-kubernetes-group-version-kind").addObject()
                .put("group", d.group()).put("kind", d.kind()).put("version", version);
        return schema;
    }

    private static String itemPath(CustomResources.Definition d, String version) {
        return "/apis/" + d.group() + "/" + version + (d.namespaced() ? "/namespaces/{namespace}/" : "/")
                + d.plural() + "/{name}";
    }

    /**
     * The operations on one object. kubectl explain finds the kind of a resource through the
     * {@code x-kubernetes-group-version-kind} of these. The patch operation does not declare the
     * {@code fieldValidation} parameter: this server does not validate fields, so kubectl should
     * not count on it.
     */
    private static ObjectNode operations(CustomResources.Definition d, String version, String schemaName) {
        ObjectNode path = JSON.objectNode();
        for (String method : new String[] {"get", "put", "patch", "delete"}) {
            ObjectNode operation = path.putObject(method)
                    .put("operationId", method + d.kind() + "_" + version)
                    .put("x-kubernetes-action", method);
            operation.putObject("x-kubernetes-group-version-kind")
                    .put("group", d.group()).put("kind", d.kind()).put("version", version);
            operation.putObject("responses").putObject("200").put("description", "OK")
                    .putObject("content").putObject("application/json").putObject("schema")
                    .put("$ref", "#/components/schemas/" + schemaName);
        }
        path.putArray("parameters").addObject().put("name", "name").put("in", "path").put("required", true)
                .putObject("schema").put("type", "string");
        if (d.namespaced()) {
            ((ArrayNode) path.get("parameters")).addObject()
                    .put("name", "namespace").put("in", "path").put("required", true)
                    .putObject("schema").put("type", "string");
        }
        return path;
    }

    /** {@code workflowdb.io}, {@code v1alpha1}, {@code Kind} to {@code io.workflowdb.v1alpha1.Kind}. */
    static String schemaName(String group, String version, String kind) {
        List<String> parts = new ArrayList<>(List.of(group.split("\\.")));
        Collections.reverse(parts);
        return String.join(".", parts) + "." + version + "." + kind;
    }

    private static String hash(JsonNode doc) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-512").digest(doc.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().withUpperCase().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
