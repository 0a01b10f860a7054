package io.workflowdb.operator.validation;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;

/** Evaluates {@code x-kubernetes-validations} rules with {@code self} bound to the value they sit on. */
public final class CelRules {

    static final String NOT_EVALUATED = "rule could not be evaluated";

    private final Cel cel = CelFactory.standardCelBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("self", SimpleType.DYN)
            .build();

    private final Map<String, CelRuntime.Program> programs = new ConcurrentHashMap<>();

    /** Returns a violation when the rule evaluates to false (or cannot be evaluated). */
    public Optional<Violation> check(JsonNode rule, JsonNode value, String path) {
        String expression = rule.path("rule").asText();
        String field = path + rule.path("fieldPath").asText("");
        String message = rule.has("message") ? rule.get("message").asText() : "failed rule: " + expression;
        try {
            Object result = program(expression).eval(Map.of("self", toCel(value)));
            return Boolean.TRUE.equals(result) ? Optional.empty() : Optional.of(new Violation(field, message));
        } catch (CelEvaluationException e) {
            return Optional.of(new Violation(field, message + " (" + NOT_EVALUATED + ": " + e.getMessage() + ")"));
        }
    }

    private CelRuntime.Program program(String expression) {
        return programs.computeIfAbsent(expression, e -> {
            try {
                CelAbstractSyntaxTree ast = cel.compile(e).getAst();
                return cel.createProgram(ast);
            } catch (CelValidationException | CelEvaluationException ex) {
                throw new IllegalStateException("invalid CEL rule in CRD: " + e + ": " + ex.getMessage(), ex);
            }
        });
    }

    static Object toCel(JsonNode node) {
        if (node == null || node.isNull()) {
            return dev.cel.common.values.NullValue.NULL_VALUE;
        }
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                map.put(e.getKey(), toCel(e.getValue()));
            }
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(n -> list.add(toCel(n)));
            return list;
        }
        if (node.isIntegralNumber()) {
            return node.asLong();
        }
        if (node.isNumber()) {
            return node.asDouble();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        return node.asText();
    }
}
