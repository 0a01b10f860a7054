package io.workflowdb.operator.sandbox.api;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code meta.k8s.io/v1} Table an API server sends when kubectl asks for one
 * ({@code Accept: application/json;as=Table;v=v1;g=meta.k8s.io}). kubectl prints what the server
 * computes, so the printer columns of a CRD are evaluated here: each column's JSONPath on the
 * object, {@code date} columns rendered as an age the way the API server does. The first column is
 * always the name; kinds without printer columns get Name and Age.
 */
final class TableRenderer {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private record Column(String name, String type, String format, String description, int priority,
            String jsonPath) {
    }

    private TableRenderer() {
    }

    /** Whether the Accept header asks for a Table. */
    static boolean wanted(String accept) {
        return accept != null && accept.contains("as=Table");
    }

    /**
     * A Table of the items of a list, or of a single object.
     *
     * @param crdVersion the CRD's entry in {@code spec.versions} for this kind, or null for a
     *        built-in kind
     * @param includeObject the request's {@code includeObject}: None, Object or (default) Metadata
     */
    static ObjectNode render(JsonNode listOrObject, JsonNode crdVersion, String includeObject, Instant now) {
        List<Column> columns = columns(crdVersion);
        ObjectNode table = JSON.objectNode().put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
        ObjectNode metadata = table.putObject("metadata");
        String resourceVersion = listOrObject.path("metadata").path("resourceVersion").asText("");
        if (!resourceVersion.isEmpty()) {
            metadata.put("resourceVersion", resourceVersion);
        }
        ArrayNode definitions = table.putArray("columnDefinitions");
        for (Column c : columns) {
            definitions.addObject().put("name", c.name()).put("type", c.type()).put("format", c.format())
                    .put("description", c.description()).put("priority", c.priority());
        }
        ArrayNode rows = table.putArray("rows");
        List<JsonNode> objects = new ArrayList<>();
        if (listOrObject.has("items")) {
            listOrObject.path("items").forEach(objects::add);
        } else {
            objects.add(listOrObject);
        }
        for (JsonNode object : objects) {
            ObjectNode row = rows.addObject();
            ArrayNode cells = row.putArray("cells");
            for (Column c : columns) {
                cells.add(cell(object, c, now));
            }
            JsonNode rowObject = rowObject(object, includeObject);
            if (rowObject != null) {
                row.set("object", rowObject);
            }
        }
        return table;
    }

    private static List<Column> columns(JsonNode crdVersion) {
        List<Column> columns = new ArrayList<>();
        columns.add(new Column("Name", "string", "name",
                "Name must be unique within a namespace.", 0, ".metadata.name"));
        JsonNode printerColumns = crdVersion == null ? null : crdVersion.get("additionalPrinterColumns");
        if (printerColumns == null || printerColumns.isEmpty()) {
            columns.add(new Column("Age", "date", "", "Time since the object was created.", 0,
                    ".metadata.creationTimestamp"));
            return columns;
        }
        for (JsonNode c : printerColumns) {
            columns.add(new Column(c.path("name").asText(), c.path("type").asText("string"),
                    c.path("format").asText(""), c.path("description").asText(""), c.path("priority").asInt(0),
                    c.path("jsonPath").asText()));
        }
        return columns;
    }

    /** The first value the column's JSONPath selects, typed as the column says; null when none. */
    private static JsonNode cell(JsonNode object, Column column, Instant now) {
        JsonNode value;
        try {
            value = JsonPathColumns.first(object, column.jsonPath());
        } catch (IllegalArgumentException e) {
            return JSON.nullNode();
        }
        if (value == null || value.isNull()) {
            return JSON.nullNode();
        }
        switch (column.type()) {
            case "integer":
                return value.isNumber() ? JSON.numberNode(value.asLong()) : JSON.nullNode();
            case "number":
                return value.isNumber() ? JSON.numberNode(value.asDouble()) : JSON.nullNode();
            case "boolean":
                return value.isBoolean() ? value : JSON.nullNode();
            case "date":
                return value.isTextual() ? JSON.textNode(age(value.asText(), now)) : JSON.nullNode();
            default:
                return JSON.textNode(value.isValueNode() ? value.asText() : value.toString());
        }
    }

    private static JsonNode rowObject(JsonNode object, String includeObject) {
        if ("None".equals(includeObject)) {
            return null;
        }
        if ("Object".equals(includeObject)) {
            return object;
        }
        ObjectNode partial = JSON.objectNode().put("kind", "PartialObjectMetadata")
                .put("apiVersion", "meta.k8s.io/v1");
        partial.set("metadata", object.path("metadata").deepCopy());
        return partial;
    }

    /** An RFC 3339 time as kubectl shows ages ("45s", "5m3s", "2d"); "<invalid>" if unreadable. */
    static String age(String timestamp, Instant now) {
        try {
            return humanDuration(Duration.between(OffsetDateTime.parse(timestamp).toInstant(), now));
        } catch (DateTimeParseException e) {
            return "<invalid>";
        }
    }

    /** The API server's {@code duration.HumanDuration}, rule for rule. */
    static String humanDuration(Duration d) {
        long seconds = d.getSeconds();
        if (seconds < -1) {
            return "<invalid>";
        } else if (seconds < 0) {
            return "0s";
        } else if (seconds < 60 * 2) {
            return seconds + "s";
        }
        long minutes = d.toMinutes();
        if (minutes < 10) {
            long s = seconds % 60;
            return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
        } else if (minutes < 60 * 3) {
            return minutes + "m";
        }
        long hours = d.toHours();
        if (hours < 8) {
            long m = minutes % 60;
            return m == 0 ? hours + "h" : hours + "h" + m + "m";
        } else if (hours < 48) {
            return hours + "h";
        } else if (hours < 24 * 8) {
            long h = hours % 24;
            return h == 0 ? hours / 24 + "d" : hours / 24 + "d" + h + "h";
        } else if (hours < 24 * 365 * 2) {
            return hours / 24 + "d";
        } else if (hours < 24 * 365 * 8) {
            long dy = hours / 24 % 365;
            return dy == 0 ? hours / 24 / 365 + "y" : hours / 24 / 365 + "y" + dy + "d";
        }
        return hours / 24 / 365 + "y";
    }
}
