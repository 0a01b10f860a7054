package io.workflowdb.operator.sandbox.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The discovery documents kubectl reads before anything else: {@code /version}, {@code /api},
 * {@code /api/v1}, {@code /apis}, {@code /apis/G} and {@code /apis/G/V}. kubectl first asks for
 * aggregated discovery ({@code as=APIGroupDiscoveryList}); a plain {@code application/json}
 * answer makes it fall back to these legacy documents by itself.
 */
final class Discovery {

    /** One resource kind as an APIResourceList lists it. */
    record Resource(String group, String version, String plural, String singular, String kind, boolean namespaced,
            List<String> shortNames, List<String> categories, boolean statusSubresource) {

        String groupVersion() {
            return group.isEmpty() ? version : group + "/" + version;
        }
    }

    private static final List<String> VERBS = List.of("create", "delete", "deletecollection", "get", "list", "patch",
            "update", "watch");
    private static final List<String> STATUS_VERBS = List.of("get", "patch", "update");

    /** The built-in kinds the operator and kubectl use; enough for an operator sandbox. */
    static final List<Resource> BUILT_IN = List.of(
            builtIn("", "namespaces", "Namespace", false, List.of("ns"), List.of(), true),
            builtIn("", "pods", "Pod", true, List.of("po"), List.of("all"), true),
            builtIn("", "services", "Service", true, List.of("svc"), List.of("all"), true),
            builtIn("", "configmaps", "ConfigMap", true, List.of("cm"), List.of(), false),
            builtIn("", "secrets", "Secret", true, List.of(), List.of(), false),
            builtIn("", "serviceaccounts", "ServiceAccount", true, List.of("sa"), List.of(), false),
            builtIn("", "events", "Event", true, List.of("ev"), List.of(), false),
            new Resource("", "v1", "endpoints", "endpoints", "Endpoints", true, List.of("ep"), List.of(), false),
            builtIn("", "persistentvolumeclaims", "PersistentVolumeClaim", true, List.of("pvc"), List.of(), true),
            builtIn("apps", "statefulsets", "StatefulSet", true, List.of("sts"), List.of("all"), true),
            builtIn("apps", "deployments", "Deployment", true, List.of("deploy"), List.of("all"), true),
            builtIn("policy", "poddisruptionbudgets", "PodDisruptionBudget", true, List.of("pdb"), List.of(), true),
            builtIn("networking.k8s.io", "networkpolicies", "NetworkPolicy", true, List.of("netpol"), List.of(), false),
            builtIn("rbac.authorization.k8s.io", "roles", "Role", true, List.of(), List.of(), false),
            builtIn("rbac.authorization.k8s.io", "rolebindings", "RoleBinding", true, List.of(), List.of(), false),
            builtIn("coordination.k8s.io", "leases", "Lease", true, List.of(), List.of(), false),
            builtIn("apiextensions.k8s.io", "customresourcedefinitions", "CustomResourceDefinition", false,
                    List.of("crd", "crds"), List.of(), true),
            builtIn("events.k8s.io", "events", "Event", true, List.of("ev"), List.of(), false));

    private static Resource builtIn(String group, String plural, String kind, boolean namespaced,
            List<String> shortNames, List<String> categories, boolean status) {
        return new Resource(group, "v1", plural, kind.toLowerCase(), kind, namespaced, shortNames, categories, status);
    }

    private final List<Resource> resources;
    private final String serverAddress;

    /** The built-in kinds and every served version of the stored CRDs. */
    Discovery(CustomResources crds, String serverAddress) {
        this.serverAddress = serverAddress;
        this.resources = new ArrayList<>(BUILT_IN);
        for (CustomResources.Definition d : crds.all()) {
            for (var version : d.servedVersions()) {
                boolean status = version.path("subresources").has("status");
                resources.add(new Resource(d.group(), version.path("name").asText(), d.plural(), d.singular(),
                        d.kind(), d.namespaced(), d.shortNames(), d.categories(), status));
            }
        }
    }

    List<Resource> resources() {
        return resources;
    }

    Optional<Resource> find(String group, String version, String plural) {
        return resources.stream()
                .filter(r -> r.group().equals(group) && r.version().equals(version) && r.plural().equals(plural))
                .findFirst();
    }

    /** The discovery document for a request path, or empty when the path is not a discovery path. */
    Optional<ObjectNode> answer(String path) {
        String[] parts = path.replaceAll("^/+|/+$", "").split("/");
        if (parts.length == 1 && parts[0].equals("version")) {
            return Optional.of(version());
        }
        if (parts[0].equals("api")) {
            if (parts.length == 1) {
                return Optional.of(coreVersions());
            }
            if (parts.length == 2) {
                return resourceList("", parts[1]);
            }
        }
        if (parts[0].equals("apis")) {
            if (parts.length == 1) {
                return Optional.of(groupList());
            }
            if (parts.length == 2) {
                return groups().stream().filter(g -> g.path("name").asText().equals(parts[1])).findFirst()
                        .map(g -> g.put("kind", "APIGroup").put("apiVersion", "v1"));
            }
            if (parts.length == 3) {
                return resourceList(parts[1], parts[2]);
            }
        }
        return Optional.empty();
    }

    /** Whether the path is one {@link #answer} would handle, known or not (for a 404 there). */
    static boolean isDiscoveryPath(String path) {
        String[] parts = path.replaceAll("^/+|/+$", "").split("/");
        return (parts.length == 1 && (parts[0].equals("version") || parts[0].equals("api") || parts[0].equals("apis")))
                || (parts.length == 2 && (parts[0].equals("api") || parts[0].equals("apis")))
                || (parts.length == 3 && parts[0].equals("apis"));
    }

    private static ObjectNode version() {
        return JsonNodeFactory.instance.objectNode()
                .put("major", "1")
                .put("minor", "32")
                .put("gitVersion", "v1.32.0-workflowdb-sandbox")
                .put("gitCommit", "0000000000000000000000000000000000000000")
                .put("gitTreeState", "clean")
                .put("buildDate", "2025-01-01T00:00:00Z")
                .put("goVersion", "go1.23")
                .put("compiler", "gc")
                .put("platform", "linux/amd64");
    }

    private ObjectNode coreVersions() {
        ObjectNode doc = JsonNodeFactory.instance.objectNode().put("kind", "APIVersions");
        doc.putArray("versions").add("v1");
        doc.putArray("serverAddressByClientCIDRs").addObject()
                .put("clientCIDR", "0.0.0.0/0")
                .put("serverAddress", serverAddress);
        return doc;
    }

    private ObjectNode groupList() {
        ObjectNode doc = JsonNodeFactory.instance.objectNode().put("kind", "APIGroupList").put("apiVersion", "v1");
        doc.putArray("groups").addAll(groups());
        return doc;
    }

    /** One APIGroup per group, versions in first-seen order, the first being preferred. */
    private List<ObjectNode> groups() {
        Map<String, List<String>> versions = new LinkedHashMap<>();
        for (Resource r : resources) {
            if (!r.group().isEmpty()) {
                List<String> list = versions.computeIfAbsent(r.group(), g -> new ArrayList<>());
                if (!list.contains(r.version())) {
                    list.add(r.version());
                }
            }
        }
        List<ObjectNode> groups = new ArrayList<>();
        versions.forEach((group, list) -> {
            ObjectNode g = JsonNodeFactory.instance.objectNode().put("name", group);
            ArrayNode array = g.putArray("versions");
            list.forEach(v -> array.addObject().put("groupVersion", group + "/" + v).put("version", v));
            g.putObject("preferredVersion").put("groupVersion", group + "/" + list.get(0)).put("version", list.get(0));
            groups.add(g);
        });
        return groups;
    }

    private Optional<ObjectNode> resourceList(String group, String version) {
        List<Resource> matching = resources.stream()
                .filter(r -> r.group().equals(group) && r.version().equals(version)).toList();
        if (matching.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode doc = JsonNodeFactory.instance.objectNode()
                .put("kind", "APIResourceList")
                .put("apiVersion", "v1")
                .put("groupVersion", matching.get(0).groupVersion());
        ArrayNode list = doc.putArray("resources");
        for (Resource r : matching) {
            ObjectNode item = list.addObject()
                    .put("name", r.plural())
                    .put("singularName", r.singular())
                    .put("namespaced", r.namespaced())
                    .put("kind", r.kind());
            item.putArray("verbs").addAll(texts(VERBS));
            if (!r.shortNames().isEmpty()) {
                item.putArray("shortNames").addAll(texts(r.shortNames()));
            }
            if (!r.categories().isEmpty()) {
                item.putArray("categories").addAll(texts(r.categories()));
            }
            if (r.statusSubresource()) {
                ObjectNode status = list.addObject()
                        .put("name", r.plural() + "/status")
                        .put("singularName", "")
                        .put("namespaced", r.namespaced())
                        .put("kind", r.kind());
                status.putArray("verbs").addAll(texts(STATUS_VERBS));
            }
        }
        return Optional.of(doc);
    }

    private static ArrayNode texts(List<String> values) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        values.forEach(array::add);
        return array;
    }
}
