package io.workflowdb.operator.api.v1alpha1;

import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException.Reference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A resource's {@code spec} as the API server stored it, kept beside the typed spec read from it.
 * A real API server prunes unknown fields and refuses values of the wrong type; a server that does
 * not (a mock, a CRD changed under stored objects) hands the operator objects the typed classes cannot
 * hold. Reading such an object never fails: the typed spec leaves out what it cannot read, and
 * validation judges the stored JSON, so the operator's verdict is {@code validate}'s.
 */
public final class StoredSpec {

    /** A resource that keeps its stored spec. */
    public interface Holder {

        /** The spec as stored, while the typed spec is still the one read from it. */
        Optional<JsonNode> storedSpec();
    }

    private static final ObjectMapper LENIENT = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    /** Members left out before giving up; a spec has far fewer unreadable ones in practice. */
    private static final int MAX_LEFT_OUT = 1000;

    private final JsonNode json;
    private final Object typed;
    /** The typed spec as read, written out: a later difference means code changed the spec in place. */
    private final JsonNode typedAsRead;

    private StoredSpec(JsonNode json, Object typed) {
        this.json = json;
        this.typed = typed;
        this.typedAsRead = typed == null ? null : LENIENT.valueToTree(typed);
    }

    /** Reads {@code json} into {@code type}, leaving out each member of the wrong type; null when it is no object. */
    public static <S> StoredSpec read(JsonNode json, Class<S> type) {
        if (json == null || !json.isObject()) {
            return new StoredSpec(json, null);
        }
        ObjectNode readable = json.deepCopy();
        for (int i = 0; i < MAX_LEFT_OUT; i++) {
            try {
                return new StoredSpec(json, LENIENT.treeToValue(readable, type));
            } catch (JsonMappingException e) {
                if (!leaveOut(readable, e)) {
                    break;
                }
            } catch (JsonProcessingException e) {
                break;
            }
        }
        return new StoredSpec(json, null);
    }

    @SuppressWarnings("unchecked")
    public <S> S typed() {
        return (S) typed;
    }

    /**
     * The stored JSON while {@code currentSpec} is the spec read from it, unchanged; empty once code set
     * another spec or changed this one, which then stands for itself.
     */
    public static Optional<JsonNode> current(StoredSpec stored, Object currentSpec) {
        if (stored == null || stored.typed != currentSpec) {
            return Optional.empty();
        }
        if (currentSpec != null && !LENIENT.valueToTree(currentSpec).equals(stored.typedAsRead)) {
            return Optional.empty();
        }
        return Optional.ofNullable(stored.json);
    }

    /** Removes the member an exception points at; false when it points at nothing removable. */
    private static boolean leaveOut(ObjectNode root, JsonMappingException e) {
        var path = e.getPath();
        if (path.isEmpty()) {
            return false;
        }
        JsonNode parent = root;
        for (Reference step : path.subList(0, path.size() - 1)) {
            parent = step.getFieldName() != null ? parent.path(step.getFieldName()) : parent.path(step.getIndex());
        }
        Reference last = path.get(path.size() - 1);
        if (parent instanceof ObjectNode object && last.getFieldName() != null && object.has(last.getFieldName())) {
            object.remove(last.getFieldName());
            return true;
        }
        if (parent instanceof ArrayNode array && last.getFieldName() == null && last.getIndex() >= 0
                && last.getIndex() < array.size()) {
            array.remove(last.getIndex());
            return true;
        }
        return false;
    }
}
