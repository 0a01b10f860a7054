package io.workflowdb.operator.sandbox.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * JSON merge patch as RFC 7386 defines it: objects merge key by key, {@code null} deletes a key,
 * anything else (arrays included) replaces the target whole.
 *
 * <p>Strategic merge patches (what {@code kubectl apply} sends for built-in kinds) are applied as
 * merge patches once their {@code $}-directives are removed. This is an approximation: a real API
 * server merges lists of built-in kinds by their merge key (containers by name, say), here a list
 * in the patch replaces the stored list whole. {@code kubectl apply} sends JSON merge patches for
 * custom resources, so those get exact semantics.
 */
public final class MergePatch {

    private MergePatch() {
    }

    /** The target with the patch applied; neither argument is modified. */
    public static JsonNode apply(JsonNode target, JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            return patch == null ? null : patch.deepCopy();
        }
        ObjectNode result = target != null && target.isObject() ? ((ObjectNode) target).deepCopy()
                : JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> field : patch.properties()) {
            if (field.getValue().isNull()) {
                result.remove(field.getKey());
            } else {
                result.set(field.getKey(), apply(result.get(field.getKey()), field.getValue()));
            }
        }
        return result;
    }

    /**
     * A strategic merge patch without its directives ({@code $patch}, {@code $retainKeys},
     * {@code $setElementOrder/...}, {@code $deleteFromPrimitiveList/...}), which would otherwise be
     * stored as fields. List entries that only carry a directive (a {@code $patch: delete} entry)
     * are dropped.
     */
    public static JsonNode withoutDirectives(JsonNode strategicPatch) {
        if (strategicPatch.isObject()) {
            ObjectNode result = JsonNodeFactory.instance.objectNode();
            strategicPatch.properties().forEach(field -> {
                if (!field.getKey().startsWith("$")) {
                    result.set(field.getKey(), withoutDirectives(field.getValue()));
                }
            });
            return result;
        }
        if (strategicPatch.isArray()) {
            List<JsonNode> kept = new ArrayList<>();
            for (JsonNode element : strategicPatch) {
                if (element.isObject() && element.has("$patch")) {
                    continue;
                }
                kept.add(withoutDirectives(element));
            }
            ArrayNode result = JsonNodeFactory.instance.arrayNode();
            result.addAll(kept);
            return result;
        }
        return strategicPatch.deepCopy();
    }
}
