package io.workflowdb.operator.sandbox.api;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.mockwebserver.crud.AttributeSet;
import io.vertx.core.http.HttpServerResponse;

/**
 * Watches over plain chunked HTTP, as kubectl ({@code get -w}, {@code wait}, {@code delete})
 * makes them: one {@code {"type":"ADDED","object":{...}}} line per change on a response that stays
 * open. The CRUD mock only serves watches over WebSockets, which is what fabric8 clients use; those
 * stay with the mock.
 *
 * <p>Changes are kept in a short history so that a watch starting at the resourceVersion of the
 * list it follows gets the changes made in between, as the API server guarantees; kubectl wait
 * relies on that. A watch without a resourceVersion (or "0") starts with ADDED for every current
 * object.
 */
final class ChunkedWatch implements AutoCloseable {

    /** One stored write: the object before and after, with the mock's attributes for matching. */
    record Change(long resourceVersion, JsonNode before, AttributeSet beforeAttributes, JsonNode after,
            AttributeSet afterAttributes) {
    }

    private static final int HISTORY = 2000;

    private final Deque<Change> history = new ArrayDeque<>();
    /** Copy-on-write: close handlers remove streams without the lock that publishing holds. */
    private final List<Stream> streams = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timeouts = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sandbox-watch-timeouts");
        t.setDaemon(true);
        return t;
    });

    /** One open watch response and what it selects. */
    private final class Stream {
        private final AttributeSet query;
        private final UnaryOperator<JsonNode> render;
        private final HttpServerResponse response;

        Stream(AttributeSet query, UnaryOperator<JsonNode> render, HttpServerResponse response) {
            this.query = query;
            this.render = render;
            this.response = response;
        }

        void send(Change change) {
            boolean before = change.before() != null && change.beforeAttributes().matches(query);
            boolean after = change.after() != null && change.afterAttributes().matches(query);
            if (before && after) {
                send("MODIFIED", change.after());
            } else if (before) {
                send("DELETED", change.before());
            } else if (after) {
                send("ADDED", change.after());
            }
        }

        void send(String type, JsonNode object) {
            ObjectNode event = JsonNodeFactory.instance.objectNode().put("type", type);
            event.set("object", render.apply(object));
            try {
                response.write(event + "\n");
            } catch (IllegalStateException closed) {
                remove(this);
            }
        }

        void end() {
            remove(this);
            try {
                response.end();
            } catch (IllegalStateException alreadyClosed) {
                // the client went away first
            }
        }
    }

    /** Records a change and sends it to every open watch it concerns. */
    synchronized void publish(Change change) {
        history.addLast(change);
        while (history.size() > HISTORY) {
            history.removeFirst();
        }
        for (Stream stream : streams) {
            stream.send(change);
        }
    }

    /**
     * Starts a watch on an open response.
     *
     * @param query the mock's attributes the watched objects must have (path, labels, fields)
     * @param sinceVersion the request's resourceVersion; null or "0" for "current state first"
     * @param current the stored objects matching a query, read only when the watch starts with them
     * @param render turns a stored object into what the client asked for (itself, or a Table)
     * @param timeoutSeconds the request's timeoutSeconds, or 0 for none
     */
    synchronized void open(AttributeSet query, String sinceVersion,
            Function<AttributeSet, List<JsonNode>> current,
            UnaryOperator<JsonNode> render, HttpServerResponse response, long timeoutSeconds) {
        Stream stream = new Stream(query, render, response);
        response.setChunked(true).setStatusCode(200).putHeader("Content-Type", "application/json");
        response.closeHandler(v -> remove(stream));
        response.exceptionHandler(e -> remove(stream));
        response.writeHead();
        if (sinceVersion == null || sinceVersion.isEmpty() || "0".equals(sinceVersion)) {
            for (JsonNode object : current.apply(query)) {
                stream.send("ADDED", object);
            }
        } else {
            long since = parseVersion(sinceVersion);
            for (Change change : history) {
                if (change.resourceVersion() > since) {
                    stream.send(change);
                }
            }
        }
        streams.add(stream);
        if (timeoutSeconds > 0) {
            timeouts.schedule(stream::end, timeoutSeconds, TimeUnit.SECONDS);
        }
    }

    private void remove(Stream stream) {
        streams.remove(stream);
    }

    private static long parseVersion(String version) {
        try {
            return Long.parseLong(version);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Ends every open watch. */
    @Override
    public void close() {
        for (Stream stream : streams) {
            stream.end();
        }
        timeouts.shutdownNow();
    }
}
