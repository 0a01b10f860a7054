package io.workflowdb.operator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local HTTP server with the shape of Patroni's REST API: {@code GET /cluster} answers with the
 * members set by the test, {@code GET /config} with the dynamic configuration, and {@code PATCH
 * /config} merges its body into it and is recorded with its Authorization header.
 */
public final class PatroniStandIn implements AutoCloseable {

    public record Patch(Map<String, Object> body, String authorization) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final List<Patch> patches = new CopyOnWriteArrayList<>();
    private volatile List<Map<String, Object>> members = List.of();
    private final Map<String, Object> config = new LinkedHashMap<>();

    public PatroniStandIn() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/cluster", this::cluster);
        server.createContext("/config", this::config);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void members(List<Map<String, Object>> members) {
        this.members = List.copyOf(members);
    }

    public static Map<String, Object> member(String name, String role, String state, Object lag, boolean pendingRestart) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("role", role);
        m.put("state", state);
        m.put("api_url", "http://127.0.0.1/patroni");
        m.put("host", "10.0.0.1");
        m.put("port", 5432);
        m.put("timeline", 1);
        if (lag != null) {
            m.put("lag", lag);
        }
        if (pendingRestart) {
            m.put("pending_restart", true);
        }
        return m;
    }

    public List<Patch> patches() {
        return new ArrayList<>(patches);
    }

    public synchronized Map<String, Object> currentConfig() {
        return new LinkedHashMap<>(config);
    }

    private void cluster(HttpExchange exchange) throws IOException {
        respond(exchange, 200, Map.of("members", members, "scope", "test"));
    }

    private void config(HttpExchange exchange) throws IOException {
        if ("PATCH".equals(exchange.getRequestMethod())) {
            Map<String, Object> body = JSON.readValue(exchange.getRequestBody(), new TypeReference<>() {
            });
            patches.add(new Patch(body, exchange.getRequestHeaders().getFirst("Authorization")));
            synchronized (this) {
                merge(config, body);
            }
        }
        synchronized (this) {
            respond(exchange, 200, config);
        }
    }

    @SuppressWarnings("unchecked")
    private static void merge(Map<String, Object> target, Map<String, Object> patch) {
        patch.forEach((key, value) -> {
            if (value == null) {
                target.remove(key);
            } else if (value instanceof Map<?, ?> nested && target.get(key) instanceof Map<?, ?> existing) {
                Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) existing);
                merge(copy, (Map<String, Object>) nested);
                target.put(key, copy);
            } else {
                target.put(key, value);
            }
        });
    }

    private static void respond(HttpExchange exchange, int code, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(code, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
