package io.workflowdb.operator.sandbox.api;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * The part of Kubernetes JSONPath that printer columns of custom resources use: {@code .a.b},
 * {@code ['a.b']}, {@code .a[0]} (negative indexes count from the end), {@code .a[*].b},
 * {@code .a.*} and filters comparing a relative path with a literal,
 * {@code .a[?(@.type=="Ready")].status} (with {@code ==}, {@code !=}, or no operator for "exists").
 * Surrounding braces ({@code {.a.b}}) are accepted. Anything else is rejected with an
 * {@link IllegalArgumentException}.
 */
public final class JsonPathColumns {

    private JsonPathColumns() {
    }

    /** Every value the expression selects in {@code root}, in document order; empty when none. */
    public static List<JsonNode> find(JsonNode root, String expression) {
        String path = expression.trim();
        if (path.startsWith("{") && path.endsWith("}")) {
            path = path.substring(1, path.length() - 1).trim();
        }
        if (path.startsWith("$")) {
            path = path.substring(1);
        }
        List<JsonNode> current = new ArrayList<>();
        if (root != null) {
            current.add(root);
        }
        int pos = 0;
        while (pos < path.length() && !current.isEmpty()) {
            char c = path.charAt(pos);
            if (c == '.') {
                if (path.startsWith("..", pos)) {
                    throw new IllegalArgumentException("recursive descent is not supported: " + expression);
                }
                int end = pos + 1;
                while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
                    end++;
                }
                String name = path.substring(pos + 1, end);
                current = "*".equals(name) ? children(current) : field(current, name);
                pos = end;
            } else if (c == '[') {
                int end = closingBracket(path, pos);
                current = bracket(current, path.substring(pos + 1, end).trim(), expression);
                pos = end + 1;
            } else {
                throw new IllegalArgumentException("unexpected '" + c + "' at " + pos + " in " + expression);
            }
        }
        return current;
    }

    private static List<JsonNode> bracket(List<JsonNode> current, String content, String expression) {
        if (content.equals("*")) {
            return children(current);
        }
        if (content.startsWith("?(") && content.endsWith(")")) {
            return filter(current, content.substring(2, content.length() - 1).trim(), expression);
        }
        if (content.startsWith("'") || content.startsWith("\"")) {
            return field(current, unquote(content));
        }
        try {
            return index(current, Integer.parseInt(content));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("unsupported subscript [" + content + "] in " + expression, e);
        }
    }

    private static List<JsonNode> field(List<JsonNode> current, String name) {
        if (name.isEmpty()) {
            return current;
        }
        List<JsonNode> next = new ArrayList<>();
        for (JsonNode node : current) {
            JsonNode child = node.isObject() ? node.get(name) : null;
            if (child != null) {
                next.add(child);
            }
        }
        return next;
    }

    private static List<JsonNode> children(List<JsonNode> current) {
        List<JsonNode> next = new ArrayList<>();
        for (JsonNode node : current) {
            if (node.isArray() || node.isObject()) {
                node.elements().forEachRemaining(next::add);
            }
        }
        return next;
    }

    private static List<JsonNode> index(List<JsonNode> current, int index) {
        List<JsonNode> next = new ArrayList<>();
        for (JsonNode node : current) {
            if (node.isArray()) {
                int i = index < 0 ? node.size() + index : index;
                if (i >= 0 && i < node.size()) {
                    next.add(node.get(i));
                }
            }
        }
        return next;
    }

    /** {@code @.a.b == "x"}, {@code @.a != 3}, or {@code @.a} (present and not false/null). */
    private static List<JsonNode> filter(List<JsonNode> current, String condition, String expression) {
        String operator = null;
        int at = -1;
        for (String op : new String[] {"==", "!="}) {
            int i = indexOutsideQuotes(condition, op);
            if (i >= 0) {
                operator = op;
                at = i;
                break;
            }
        }
        String left = (at < 0 ? condition : condition.substring(0, at)).trim();
        if (!left.startsWith("@")) {
            throw new IllegalArgumentException("a filter must start with @: " + expression);
        }
        String relative = left.substring(1);
        JsonNode literal = at < 0 ? null : literal(condition.substring(at + 2).trim());
        List<JsonNode> next = new ArrayList<>();
        for (JsonNode candidate : children(current)) {
            List<JsonNode> values = relative.isEmpty() ? List.of(candidate) : find(candidate, relative);
            boolean keep;
            if (operator == null) {
                keep = values.stream().anyMatch(v -> !v.isNull() && !(v.isBoolean() && !v.asBoolean()));
            } else {
                boolean equal = values.stream().anyMatch(v -> sameValue(v, literal));
                keep = operator.equals("==") == equal;
            }
            if (keep) {
                next.add(candidate);
            }
        }
        return next;
    }

    private static boolean sameValue(JsonNode value, JsonNode literal) {
        if (value.isNumber() && literal.isNumber()) {
            return value.decimalValue().compareTo(literal.decimalValue()) == 0;
        }
        return value.equals(literal);
    }

    private static JsonNode literal(String text) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (text.startsWith("'") || text.startsWith("\"")) {
            return f.textNode(unquote(text));
        }
        switch (text) {
            case "true":
                return f.booleanNode(true);
            case "false":
                return f.booleanNode(false);
            case "null":
                return f.nullNode();
            default:
                try {
                    return f.numberNode(new java.math.BigDecimal(text));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("unsupported literal in filter: " + text, e);
                }
        }
    }

    private static String unquote(String text) {
        char quote = text.charAt(0);
        if (text.length() < 2 || text.charAt(text.length() - 1) != quote) {
            throw new IllegalArgumentException("unterminated string: " + text);
        }
        return text.substring(1, text.length() - 1);
    }

    private static int closingBracket(String path, int open) {
        char quote = 0;
        for (int i = open + 1; i < path.length(); i++) {
            char c = path.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == ']') {
                return i;
            }
        }
        throw new IllegalArgumentException("unclosed [ in " + path);
    }

    private static int indexOutsideQuotes(String text, String needle) {
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (text.startsWith(needle, i)) {
                return i;
            }
        }
        return -1;
    }

    /** Shorthand for callers that only want the first match. */
    static JsonNode first(JsonNode root, String expression) {
        List<JsonNode> all = find(root, expression);
        return all.isEmpty() ? null : all.get(0);
    }
}
