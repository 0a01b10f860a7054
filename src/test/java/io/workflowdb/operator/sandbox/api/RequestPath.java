package io.workflowdb.operator.sandbox.api;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** A request target split into its path and its decoded query parameters (the last value wins). */
record RequestPath(String path, Map<String, String> query) {

    static RequestPath parse(String target) {
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        Map<String, String> query = new LinkedHashMap<>();
        if (q >= 0) {
            for (String pair : target.substring(q + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = decode(eq < 0 ? pair : pair.substring(0, eq));
                query.put(key, eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        return new RequestPath(path, query);
    }

    String param(String name) {
        return query.get(name);
    }

    boolean watch() {
        String watch = query.get("watch");
        return "true".equals(watch) || "1".equals(watch);
    }

    /** The same path with one parameter replaced, or removed when {@code value} is null. */
    RequestPath with(String name, String value) {
        Map<String, String> changed = new LinkedHashMap<>(query);
        if (value == null) {
            changed.remove(name);
        } else {
            changed.put(name, value);
        }
        return new RequestPath(path, changed);
    }

    @Override
    public String toString() {
        if (query.isEmpty()) {
            return path;
        }
        return path + "?" + query.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
