package io.workflowdb.operator.sandbox.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.vertx.ServerWebSocketHandler;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * A Kubernetes API server for a local sandbox that both fabric8 clients and the real kubectl can
 * use: the fabric8 CRUD mock ({@link SandboxDispatcher}) behind a small Vert.x HTTP server.
 *
 * <p>The fabric8 MockWebServer answers every request with one complete body, so it cannot stream
 * the plain HTTP watches kubectl makes; this server hands those to {@link ChunkedWatch} and
 * everything else (WebSocket watches of fabric8 clients included) to the dispatcher, as the
 * MockWebServer would.
 */
public final class SandboxApiServer implements AutoCloseable {

    private static final String NAME = "workflowdb-sandbox";

    private final Vertx vertx;
    private final HttpServer httpServer;
    private final SandboxDispatcher dispatcher;
    private final String url;
    private final KubernetesClient client;

    private SandboxApiServer(Vertx vertx, HttpServer httpServer, SandboxDispatcher dispatcher) {
        this.vertx = vertx;
        this.httpServer = httpServer;
        this.dispatcher = dispatcher;
        this.url = "http://127.0.0.1:" + httpServer.actualPort();
        dispatcher.serverAddress("127.0.0.1:" + httpServer.actualPort());
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl(url)
                .withNamespace("default")
                .withHttp2Disable(true)
                .build();
        this.client = new KubernetesClientBuilder().withConfig(config).build();
    }

    /** Starts on 127.0.0.1 at {@code port} (0 = a free port), plain HTTP, with these CRDs created (YAML files, one CRD each). */
    public static SandboxApiServer start(int port, List<Path> crdFiles) {
        Vertx vertx = Vertx.vertx();
        SandboxDispatcher dispatcher = new SandboxDispatcher();
        HttpServer httpServer = vertx.createHttpServer(new HttpServerOptions()
                .setHost("127.0.0.1")
                .setPort(port)
                .setHandle100ContinueAutomatically(true)
                .setWebSocketSubProtocols(List.of("v1.channel.k8s.io", "v2.channel.k8s.io", "v3.channel.k8s.io",
                        "v4.channel.k8s.io")));
        httpServer.requestHandler(request -> handle(dispatcher, request));
        SandboxApiServer server;
        try {
            await(httpServer.listen());
            server = new SandboxApiServer(vertx, httpServer, dispatcher);
        } catch (RuntimeException e) {
            vertx.close();
            throw e;
        }
        try {
            for (Path file : crdFiles) {
                CustomResourceDefinition crd = Serialization.unmarshal(Files.readString(file),
                        CustomResourceDefinition.class);
                server.client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
            }
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
        return server;
    }

    /** The base URL, e.g. {@code http://127.0.0.1:41234}. */
    public String url() {
        return url;
    }

    /** A fabric8 client for this server (default namespace {@code default}); closed with the server. */
    public KubernetesClient client() {
        return client;
    }

    /**
     * Writes a kubeconfig (cluster, context and user named {@code workflowdb-sandbox}, the context's
     * namespace {@code namespace}) and returns the file.
     */
    public Path writeKubeconfig(Path file, String namespace) {
        String kubeconfig = String.join("\n",
                "apiVersion: v1",
                "kind: Config",
                "clusters:",
                "- name: " + NAME,
                "  cluster:",
                "    server: " + url,
                "contexts:",
                "- name: " + NAME,
                "  context:",
                "    cluster: " + NAME,
                "    user: " + NAME,
                "    namespace: " + namespace,
                "current-context: " + NAME,
                "users:",
                "- name: " + NAME,
                "  user: {}",
                "preferences: {}",
                "");
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            return Files.writeString(file, kubeconfig);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        client.close();
        dispatcher.closeWatches();
        try {
            await(httpServer.close());
        } finally {
            await(vertx.close());
        }
    }

    /** One HTTP request: a plain watch streams, anything else gets the dispatcher's answer. */
    private static void handle(SandboxDispatcher dispatcher, HttpServerRequest request) {
        Future<io.vertx.core.buffer.Buffer> body = hasBody(request) ? request.body() : Future.succeededFuture(null);
        body.onFailure(e -> fail(request.response(), e)).onSuccess(bytes -> {
            try {
                respond(dispatcher, request, new RecordedRequest(
                        request.version().alpnName().toUpperCase(Locale.ROOT),
                        HttpMethod.fromVertx(request.method()),
                        request.uri(),
                        Headers.builder().addAll(request.headers()).build(),
                        new Buffer(bytes == null ? null : bytes.getBytes())));
            } catch (RuntimeException e) {
                fail(request.response(), e);
            }
        });
    }

    private static void respond(SandboxDispatcher dispatcher, HttpServerRequest request, RecordedRequest recorded) {
        boolean upgrade = "websocket".equalsIgnoreCase(request.getHeader("Upgrade"));
        if (!upgrade && recorded.method() == HttpMethod.GET && RequestPath.parse(recorded.getPath()).watch()) {
            dispatcher.watch(recorded, request.response());
            return;
        }
        MockResponse answer = dispatcher.dispatch(recorded);
        if (answer.getWebSocketListener() != null) {
            request.toWebSocket()
                    .onFailure(e -> fail(request.response(), e))
                    .onSuccess(new ServerWebSocketHandler(recorded, answer));
            return;
        }
        HttpServerResponse response = request.response().setStatusCode(answer.code());
        answer.getHeaders().toMultimap().forEach((key, values) -> response.headers().add(key, values));
        byte[] bytes = answer.getBody() == null ? new byte[0] : answer.getBody().getBytes();
        response.end(io.vertx.core.buffer.Buffer.buffer(bytes));
    }

    private static boolean hasBody(HttpServerRequest request) {
        String length = request.getHeader("Content-Length");
        if (length != null && !length.isBlank() && Long.parseLong(length.trim()) > 0) {
            return true;
        }
        return request.headers().contains("Content-Type") || request.headers().contains("Transfer-Encoding");
    }

    private static void fail(HttpServerResponse response, Throwable error) {
        if (!response.headWritten()) {
            MockResponse status = SandboxDispatcher.status(HttpURLConnection.HTTP_INTERNAL_ERROR, "InternalError",
                    String.valueOf(error.getMessage()));
            response.setStatusCode(500).putHeader("Content-Type", "application/json")
                    .end(io.vertx.core.buffer.Buffer.buffer(status.getBody().getBytes()));
        }
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the sandbox API server did not start or stop in time", e);
        }
    }
}
