package io.workflowdb.operator.sandbox.api;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * The fabric8 CRUD mock, completed where kubectl needs more than fabric8 clients do:
 *
 * <ul>
 * <li>discovery ({@link Discovery}) and OpenAPI documents ({@link OpenApiDocuments}) computed from
 * the stored CRDs;</li>
 * <li>Tables with the CRDs' printer columns when kubectl asks for one ({@link TableRenderer});</li>
 * <li>JSON merge patches with RFC 7386 semantics ({@link MergePatch}), strategic merge patches
 * applied as merge patches, and server-side apply approximated by a merge patch (create when
 * absent);</li>
 * <li>status writes recognised when the URL carries a query ({@code .../status?fieldManager=x}):
 * the mock decides on the path ending in {@code /status}, so write paths lose their query;</li>
 * <li>field selectors on other fields than name and namespace ({@link FieldSelector});</li>
 * <li>plain HTTP watches ({@link ChunkedWatch}), fed from every stored change;</li>
 * <li>a Status body on errors, which kubectl prints.</li>
 * </ul>
 *
 * Writes with {@code dryRun} are refused (400) rather than stored, so {@code kubectl diff} and
 * {@code --dry-run=server} do not work.
 *
 * The mock's own rules stay: a write to {@code /status} changes only status, a write to the main
 * resource keeps the stored status of kinds with a status subresource, {@code metadata.generation}
 * is 1 on create and goes up by one when anything outside metadata and status changes.
 */
public class SandboxDispatcher extends KubernetesCrudDispatcher {

    private static final String CRD_PATH = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";

    private static final String JSON_PATCH = "application/json-patch+json";
    private static final String MERGE_PATCH = "application/merge-patch+json";
    private static final String STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json";
    private static final String APPLY_PATCH = "application/apply-patch+yaml";

    private final ObjectMapper json = new ObjectMapper();
    private final ChunkedWatch watches = new ChunkedWatch();
    private volatile String serverAddress = "127.0.0.1:443";

    /** host:port clients reach this server at, for the {@code /api} document. */
    void serverAddress(String hostAndPort) {
        this.serverAddress = hostAndPort;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        RequestPath target = RequestPath.parse(request.getPath());
        MockResponse response;
        if (target.param("dryRun") != null && request.method() != HttpMethod.GET) {
            // the mock cannot compute a write without storing it; refusing beats writing for real
            return status(HttpURLConnection.HTTP_BAD_REQUEST, "BadRequest",
                    "dryRun is not supported by the sandbox API server");
        }
        try {
            response = switch (request.method()) {
                case GET -> get(request, target);
                case PATCH -> patch(request, target);
                // the query would hide a trailing /status from the mock
                case POST, PUT -> super.dispatch(rewrite(request, target.path(), null, null));
                default -> super.dispatch(request);
            };
        } catch (IllegalArgumentException e) {
            response = status(HttpURLConnection.HTTP_BAD_REQUEST, "BadRequest", e.getMessage());
        }
        if (response == null) {
            return status(HttpURLConnection.HTTP_BAD_METHOD, "MethodNotAllowed",
                    request.getMethod() + " is not supported");
        }
        if (response.code() >= 400 && (response.getBody() == null || response.getBody().size() == 0)) {
            response = errorStatus(response.code(), target.path());
        }
        if (response.getBody() != null && response.header("Content-Type") == null) {
            response.setHeader("Content-Type", "application/json");
        }
        return response;
    }

    private MockResponse get(RecordedRequest request, RequestPath target) {
        String path = target.path();
        if (Discovery.isDiscoveryPath(path)) {
            return new Discovery(crds(), serverAddress).answer(path).map(this::ok)
                    .orElseGet(() -> new MockResponse().setResponseCode(HttpURLConnection.HTTP_NOT_FOUND));
        }
        if (path.equals("/openapi/v2")) {
            // an empty protobuf message: a document without schemas
            return new MockResponse().setResponseCode(200).setHeader("Content-Type", OpenApiDocuments.V2_PROTOBUF)
                    .setBody(new Buffer());
        }
        if (path.startsWith("/openapi/")) {
            return new OpenApiDocuments(crds()).answer(path).map(this::ok)
                    .orElseGet(() -> new MockResponse().setResponseCode(HttpURLConnection.HTTP_NOT_FOUND));
        }
        if (path.equals("/healthz") || path.equals("/livez") || path.equals("/readyz")) {
            return new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain").setBody("ok");
        }
        if (target.watch()) {
            // a WebSocket watch of a fabric8 client; plain HTTP watches go to watch(...)
            return super.dispatch(request);
        }
        FieldSelector selector = FieldSelector.parse(target.param("fieldSelector"));
        RequestPath forMock = selector.hasOtherFields() ? target.with("fieldSelector", selector.forMock()) : target;
        MockResponse response = handleGet(forMock.toString());
        if (response.code() != HttpURLConnection.HTTP_OK) {
            return response;
        }
        JsonNode body = read(response.getBody().getBytes());
        if (body.has("items")) {
            nameList((ObjectNode) body, path);
        }
        if (selector.hasOtherFields() && body.has("items")) {
            ArrayNode kept = JsonNodeFactory.instance.arrayNode();
            body.path("items").forEach(item -> {
                if (selector.matches(item)) {
                    kept.add(item);
                }
            });
            ((ObjectNode) body).set("items", kept);
        }
        if (TableRenderer.wanted(request.getHeader("Accept"))) {
            body = TableRenderer.render(body, crdVersion(path), target.param("includeObject"), Instant.now());
        }
        return ok(body);
    }

    private MockResponse patch(RecordedRequest request, RequestPath target) {
        String contentType = Objects.requireNonNullElse(request.getHeader("Content-Type"), JSON_PATCH);
        String type = contentType.split(";")[0].trim().toLowerCase();
        String body = request.getBody().readUtf8();
        MockResponse response = switch (type) {
            case JSON_PATCH, MERGE_PATCH -> super.dispatch(rewrite(request, target.path(), type, body));
            case STRATEGIC_MERGE_PATCH -> super.dispatch(rewrite(request, target.path(), MERGE_PATCH,
                    MergePatch.withoutDirectives(read(body.getBytes(StandardCharsets.UTF_8))).toString()));
            case APPLY_PATCH -> apply(request, target, body);
            default -> status(415, "UnsupportedMediaType", "the body of the request was in an unknown format - "
                    + "accepted media types include: " + String.join(", ", JSON_PATCH, MERGE_PATCH,
                            STRATEGIC_MERGE_PATCH, APPLY_PATCH));
        };
        // the mock answers 202 and may echo a "status": null it does not store (see processEvent)
        if (response.code() == HttpURLConnection.HTTP_ACCEPTED) {
            byte[] patched = response.getBody().getBytes();
            response.setResponseCode(HttpURLConnection.HTTP_OK);
            if (patched.length > 0) {
                response.setBody(withoutNullStatus(new String(patched, StandardCharsets.UTF_8)));
            }
        }
        return response;
    }

    /**
     * The object without a {@code "status": null}: the mock's PATCH copies a missing status as
     * null, which a real API server would not store.
     */
    private String withoutNullStatus(String object) {
        JsonNode node = read(object.getBytes(StandardCharsets.UTF_8));
        if (node.isObject() && node.has("status") && node.get("status").isNull()) {
            ((ObjectNode) node).remove("status");
            return node.toString();
        }
        return object;
    }

    /**
     * Server-side apply, approximated: the applied configuration is merged into the stored object
     * like a merge patch, or created when there is none. Field ownership is not tracked, so fields
     * a manager stops applying stay until someone removes them.
     */
    private MockResponse apply(RecordedRequest request, RequestPath target, String body) {
        String asJson;
        try {
            asJson = json.writeValueAsString(new YAMLMapper().readTree(body));
        } catch (IOException e) {
            return status(HttpURLConnection.HTTP_BAD_REQUEST, "BadRequest", e.getMessage());
        }
        MockResponse patched = super.dispatch(rewrite(request, target.path(), MERGE_PATCH, asJson));
        if (patched.code() != HttpURLConnection.HTTP_NOT_FOUND || target.path().endsWith("/status")) {
            return patched;
        }
        String collection = target.path().substring(0, target.path().lastIndexOf('/'));
        RecordedRequest create = new RecordedRequest(request.getHttpVersion(), HttpMethod.POST, collection,
                request.getHeaders().newBuilder().set("Content-Type", "application/json").build(),
                new Buffer(asJson.getBytes(StandardCharsets.UTF_8)));
        return super.dispatch(create);
    }

    /** RFC 7386 instead of the mock's Jackson update, which neither deletes nor replaces lists. */
    @Override
    public JsonNode merge(JsonNode baseResource, String updatedResource) {
        return MergePatch.apply(baseResource, read(updatedResource.getBytes(StandardCharsets.UTF_8)));
    }

    /** Serves a plain HTTP watch on an open response until the client leaves or timeoutSeconds pass. */
    void watch(RecordedRequest request, HttpServerResponse response) {
        RequestPath target = RequestPath.parse(request.getPath());
        FieldSelector selector = FieldSelector.parse(target.param("fieldSelector"));
        RequestPath forMock = new RequestPath(target.path(), Map.of())
                .with("labelSelector", target.param("labelSelector"))
                .with("fieldSelector", selector.forMock());
        AttributeSet query = getAttributeExtractor().fromPath(forMock.toString());
        UnaryOperator<JsonNode> render = UnaryOperator.identity();
        if (TableRenderer.wanted(request.getHeader("Accept"))) {
            JsonNode crdVersion = crdVersion(target.path());
            String includeObject = target.param("includeObject");
            render = object -> TableRenderer.render(object, crdVersion, includeObject, Instant.now());
        }
        long timeout = parseLong(target.param("timeoutSeconds"));
        watches.open(query, target.param("resourceVersion"), this::stored, render, response, timeout);
    }

    /** Feeds every stored change to the plain HTTP watches, after the mock has applied it. */
    @Override
    public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes,
            GenericKubernetesResource resource, String newState) {
        String existing = oldAttributes == null ? null : map.get(oldAttributes);
        if (newState != null) {
            newState = withoutNullStatus(newState);
        }
        super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
        if (Objects.equals(existing, newState)) {
            return;
        }
        JsonNode before = existing == null ? null : read(existing.getBytes(StandardCharsets.UTF_8));
        JsonNode after = newState == null ? null : read(newState.getBytes(StandardCharsets.UTF_8));
        AttributeSet afterAttributes = null;
        long version;
        if (after != null) {
            afterAttributes = getAttributeExtractor().fromResource(newState);
            if (!afterAttributes.containsKey(KubernetesAttributesExtractor.PLURAL)) {
                afterAttributes = AttributeSet.merge(pathAttributes, afterAttributes);
            }
            version = parseLong(after.path("metadata").path("resourceVersion").asText());
        } else {
            // a deletion gets a version of its own, as on a real API server
            version = requestResourceVersion();
            ((ObjectNode) before.path("metadata")).put("resourceVersion", String.valueOf(version));
        }
        watches.publish(new ChunkedWatch.Change(version, before, oldAttributes, after, afterAttributes));
    }

    /** The stored objects matching a query. Reads the map under its own monitor only (see ChunkedWatch). */
    private List<JsonNode> stored(AttributeSet query) {
        List<String> matching = new ArrayList<>();
        synchronized (map) {
            map.forEach((attributes, object) -> {
                if (attributes.matches(query)) {
                    matching.add(object);
                }
            });
        }
        return matching.stream().map(s -> read(s.getBytes(StandardCharsets.UTF_8))).toList();
    }

    /**
     * Gives a list the kind a real API server gives it ({@code EventList}, {@code RetentionPolicyList})
     * instead of the mock's {@code List}: typed Go clients (kubectl describe reading Events) cannot
     * decode a plain List into their list type.
     */
    private void nameList(ObjectNode list, String path) {
        Map<String, String> parts = ((KubernetesAttributesExtractor) getAttributeExtractor()).fromKubernetesPath(path);
        String group = Objects.requireNonNullElse(parts.get(KubernetesAttributesExtractor.API), "");
        String version = parts.get(KubernetesAttributesExtractor.VERSION);
        String plural = parts.get(KubernetesAttributesExtractor.PLURAL);
        if (version == null || plural == null || !"List".equals(list.path("kind").asText())) {
            return;
        }
        new Discovery(crds(), serverAddress).find(group, version, plural).ifPresent(r -> list
                .put("kind", r.kind() + "List")
                .put("apiVersion", r.groupVersion()));
    }

    /** The stored CRDs, as they are now. */
    CustomResources crds() {
        MockResponse list = handleGet(CRD_PATH);
        return CustomResources.fromList(read(list.getBody().getBytes()));
    }

    /** The CRD version entry serving a resource path, or null for built-in kinds. */
    private JsonNode crdVersion(String path) {
        Map<String, String> parts = ((KubernetesAttributesExtractor) getAttributeExtractor()).fromKubernetesPath(path);
        String group = parts.get(KubernetesAttributesExtractor.API);
        String version = parts.get(KubernetesAttributesExtractor.VERSION);
        String plural = parts.get(KubernetesAttributesExtractor.PLURAL);
        if (group == null || version == null || plural == null) {
            return null;
        }
        return crds().find(group, version, plural).flatMap(d -> d.version(version)).orElse(null);
    }

    /** A Status naming the resource, as kubectl prints it ({@code x.g "name" not found}). */
    private MockResponse errorStatus(int code, String path) {
        if (code != HttpURLConnection.HTTP_NOT_FOUND) {
            return status(code, "Unknown", "the server answered " + code + " for " + path);
        }
        Map<String, String> parts = ((KubernetesAttributesExtractor) getAttributeExtractor()).fromKubernetesPath(path);
        String group = parts.get(KubernetesAttributesExtractor.API);
        String plural = parts.get(KubernetesAttributesExtractor.PLURAL);
        String name = parts.get(KubernetesAttributesExtractor.NAME);
        if (name == null || plural == null) {
            return status(code, "NotFound", "the server could not find the requested resource");
        }
        String resource = group == null ? plural : plural + "." + group;
        ObjectNode status = statusNode(code, "NotFound", resource + " \"" + name + "\" not found");
        ObjectNode details = status.putObject("details").put("name", name).put("kind", plural);
        if (group != null) {
            details.put("group", group);
        }
        return new MockResponse().setResponseCode(code).setBody(status.toString());
    }

    static MockResponse status(int code, String reason, String message) {
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
                .setBody(statusNode(code, reason, message).toString());
    }

    private static ObjectNode statusNode(int code, String reason, String message) {
        ObjectNode status = JsonNodeFactory.instance.objectNode().put("kind", "Status").put("apiVersion", "v1");
        status.putObject("metadata");
        return status.put("status", "Failure").put("message", message).put("reason", reason).put("code", code);
    }

    private MockResponse ok(JsonNode body) {
        return new MockResponse().setResponseCode(HttpURLConnection.HTTP_OK)
                .setHeader("Content-Type", "application/json").setBody(body.toString());
    }

    private static RecordedRequest rewrite(RecordedRequest request, String path, String contentType, String body) {
        var headers = request.getHeaders().newBuilder();
        if (contentType != null) {
            headers.set("Content-Type", contentType);
        }
        byte[] bytes = body != null ? body.getBytes(StandardCharsets.UTF_8) : request.getBody().getBytes();
        return new RecordedRequest(request.getHttpVersion(), request.method(), path, headers.build(),
                new Buffer(bytes));
    }

    private JsonNode read(byte[] bytes) {
        try {
            return json.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
    }

    private static long parseLong(String text) {
        try {
            return text == null ? 0 : Long.parseLong(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Ends the open plain HTTP watches. */
    void closeWatches() {
        watches.close();
    }
}
