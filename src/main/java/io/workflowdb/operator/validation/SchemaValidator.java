package io.workflowdb.operator.validation;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Checks an object against a CRD's OpenAPI v3 schema the way the API server does: types, required
 * fields, enums, patterns, bounds, sizes, unknown fields, and the {@code x-kubernetes-validations}
 * CEL rules. It lets {@code validate} and the reconcilers give the verdict a real cluster would give,
 * also where no API server checked the object (GitOps repositories, the mock API server).
 */
public final class SchemaValidator {

    private final JsonNode rootSchema;
    private final CelRules celRules;

    public SchemaValidator(JsonNode openApiV3Schema, CelRules celRules) {
        this.rootSchema = openApiV3Schema;
        this.celRules = celRules;
    }

    /**
     * Validates {@code spec} (and nothing else: status and metadata belong to others) of a resource,
     * and the CEL rules at the schema's root, which the API server evaluates with {@code self} bound
     * to the whole object. The only root rules are on {@code metadata.name}, so their violations
     * name that field.
     */
    public List<Violation> validateSpec(JsonNode resource) {
        List<Violation> out = new ArrayList<>();
        if (rootSchema.has("x-kubernetes-validations") && resource.path("metadata").has("name")) {
            for (JsonNode rule : rootSchema.get("x-kubernetes-validations")) {
                celRules.check(rule, resource, "metadata.name").ifPresent(out::add);
            }
        }
        JsonNode specSchema = rootSchema.path("properties").path("spec");
        JsonNode spec = resource.get("spec");
        if (spec == null || spec.isNull()) {
            out.add(new Violation("spec", "Required value"));
            return out;
        }
        validate(spec, specSchema, "spec", out);
        return out;
    }

    private boolean validate(JsonNode value, JsonNode schema, String path, List<Violation> out) {
        int before = out.size();
        if (value == null || value.isNull()) {
            if (!schema.path("nullable").asBoolean(false)) {
                out.add(new Violation(path, "must not be null"));
            }
            return out.size() == before;
        }
        if (!checkType(value, schema, path, out)) {
            return false;
        }
        checkEnum(value, schema, path, out);
        checkScalarBounds(value, schema, path, out);
        if (value.isObject()) {
            checkObject(value, schema, path, out);
        } else if (value.isArray()) {
            checkArray(value, schema, path, out);
        }
        // CEL rules judge the value even when a field below broke a pattern or bound, as the API
        // server does; a rule that cannot evaluate because of such an error adds nothing new.
        boolean clean = out.size() == before;
        if (schema.has("x-kubernetes-validations")) {
            for (JsonNode rule : schema.get("x-kubernetes-validations")) {
                celRules.check(rule, value, path)
                        .filter(v -> clean || !v.message().contains(CelRules.NOT_EVALUATED))
                        .ifPresent(out::add);
            }
        }
        return out.size() == before;
    }

    private static boolean checkType(JsonNode value, JsonNode schema, String path, List<Violation> out) {
        if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
            if (value.isIntegralNumber() || value.isTextual()) {
                return true;
            }
            out.add(new Violation(path, "must be an integer or a string"));
            return false;
        }
        String type = schema.path("type").asText("");
        boolean ok = switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            // JSON numbers beyond int64 reach the API server's schema check as floats
            case "integer" -> value.isIntegralNumber() && value.canConvertToLong();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            default -> true;
        };
        if (!ok) {
            out.add(new Violation(path, "must be of type " + type + ", got " + describe(value)));
        }
        return ok;
    }

    private static void checkEnum(JsonNode value, JsonNode schema, String path, List<Violation> out) {
        JsonNode allowed = schema.get("enum");
        if (allowed == null) {
            return;
        }
        for (JsonNode a : allowed) {
            if (a.equals(value)) {
                return;
            }
        }
        List<String> names = new ArrayList<>();
        allowed.forEach(a -> names.add(a.asText()));
        out.add(new Violation(path, "Unsupported value " + value + ": supported values: " + String.join(", ", names)));
    }

    private static void checkScalarBounds(JsonNode value, JsonNode schema, String path, List<Violation> out) {
        if (value.isNumber()) {
            if (schema.has("minimum") && value.decimalValue().compareTo(schema.get("minimum").decimalValue()) < 0) {
                out.add(new Violation(path, "must be greater than or equal to " + schema.get("minimum").asText()
                        + ", got " + value.asText()));
            }
            if (schema.has("maximum") && value.decimalValue().compareTo(schema.get("maximum").decimalValue()) > 0) {
                out.add(new Violation(path, "must be less than or equal to " + schema.get("maximum").asText()
                        + ", got " + value.asText()));
            }
        }
        if (value.isTextual()) {
            String s = value.asText();
            int length = s.codePointCount(0, s.length());
            if (schema.has("minLength") && length < schema.get("minLength").asInt()) {
                out.add(new Violation(path, "must be at least " + schema.get("minLength").asInt() + " characters long"));
            }
            if (schema.has("maxLength") && length > schema.get("maxLength").asInt()) {
                out.add(new Violation(path, "must be at most " + schema.get("maxLength").asInt() + " characters long"));
            }
            if (schema.has("pattern")) {
                String regex = schema.get("pattern").asText();
                if (!CrdPatterns.matches(regex, s)) {
                    out.add(new Violation(path, "\"" + s + "\" does not match the pattern " + regex));
                }
            }
        }
    }

    private void checkObject(JsonNode value, JsonNode schema, String path, List<Violation> out) {
        for (JsonNode required : schema.path("required")) {
            if (!value.has(required.asText()) || value.get(required.asText()).isNull()) {
                out.add(new Violation(path + "." + required.asText(), "Required value"));
            }
        }
        int size = value.size();
        if (schema.has("minProperties") && size < schema.get("minProperties").asInt()) {
            out.add(new Violation(path, "must have at least " + schema.get("minProperties").asInt() + " entries"));
        }
        if (schema.has("maxProperties") && size > schema.get("maxProperties").asInt()) {
            out.add(new Violation(path, "must have at most " + schema.get("maxProperties").asInt() + " entries"));
        }
        JsonNode properties = schema.get("properties");
        JsonNode additional = schema.get("additionalProperties");
        boolean preserveUnknown = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String childPath = path + "." + field.getKey();
            if (properties != null && properties.has(field.getKey())) {
                validate(field.getValue(), properties.get(field.getKey()), childPath, out);
            } else if (additional != null && additional.isObject()) {
                validate(field.getValue(), additional, childPath, out);
            } else if (!preserveUnknown) {
                out.add(new Violation(childPath, "unknown field"));
            }
        }
    }

    private void checkArray(JsonNode value, JsonNode schema, String path, List<Violation> out) {
        if (schema.has("minItems") && value.size() < schema.get("minItems").asInt()) {
            out.add(new Violation(path, "must have at least " + schema.get("minItems").asInt() + " items"));
        }
        if (schema.has("maxItems") && value.size() > schema.get("maxItems").asInt()) {
            out.add(new Violation(path, "must have at most " + schema.get("maxItems").asInt() + " items, got "
                    + value.size()));
        }
        JsonNode items = schema.get("items");
        if (items != null) {
            for (int i = 0; i < value.size(); i++) {
                validate(value.get(i), items, path + "[" + i + "]", out);
            }
        }
    }

    private static String describe(JsonNode value) {
        if (value.isTextual()) {
            return "string \"" + value.asText() + "\"";
        }
        if (value.isIntegralNumber() && !value.canConvertToLong()) {
            return "number " + value + " beyond 64 bits";
        }
        return value.getNodeType().name().toLowerCase() + " " + value;
    }
}
