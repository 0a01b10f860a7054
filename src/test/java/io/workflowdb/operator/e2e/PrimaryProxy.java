package io.workflowdb.operator.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for the {@code <name>-primary} Service: a TCP proxy on loopback that sends each new
 * client connection to the member whose REST API answers {@code GET /primary} with 200, checked
 * every {@link #CHECK_INTERVAL}. With no primary it closes the connection at once, as a Service
 * without endpoints refuses it. Open connections stay with the member they reached until either
 * side closes, as with kube-proxy.
 */
final class PrimaryProxy implements AutoCloseable {

    static final Duration CHECK_INTERVAL = Duration.ofMillis(500);
    private static final Duration CHECK_TIMEOUT = Duration.ofMillis(400);
    private static final int CONNECT_TIMEOUT_MILLIS = 1000;

    private final List<LoopbackTopology.Member> members;
    private final ServerSocket listener;
    private final ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor(daemon("primary-check"));
    private final ExecutorService pumps = Executors.newCachedThreadPool(daemon("primary-proxy"));
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger forwarded = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final List<Change> changes = new ArrayList<>();
    private volatile LoopbackTopology.Member primary;
    private volatile boolean closed;

    PrimaryProxy(String host, int port, List<LoopbackTopology.Member> members) throws IOException {
        this.members = List.copyOf(members);
        listener = new ServerSocket();
        listener.setReuseAddress(true);
        listener.bind(new InetSocketAddress(InetAddress.getByName(host), port));
        checkPrimary();
        checker.scheduleWithFixedDelay(this::checkPrimary, CHECK_INTERVAL.toMillis(), CHECK_INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
        pumps.execute(this::acceptLoop);
    }

    String host() {
        return listener.getInetAddress().getHostAddress();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** host:port clients connect to. */
    String address() {
        return host() + ":" + port();
    }

    Optional<LoopbackTopology.Member> primary() {
        return Optional.ofNullable(primary);
    }

    /** Client connections sent on to a primary, and those closed because there was none. */
    int forwarded() {
        return forwarded.get();
    }

    int refused() {
        return refused.get();
    }

    /** When the stand-in first sent connections to {@code member}, or to nobody ({@code null}). */
    record Change(long nanos, LoopbackTopology.Member member) {
    }

    /** Every change of the member connections go to, oldest first; {@code nanos} from {@link System#nanoTime()}. */
    List<Change> changes() {
        synchronized (changes) {
            return List.copyOf(changes);
        }
    }

    private void checkPrimary() {
        LoopbackTopology.Member found = null;
        for (LoopbackTopology.Member m : members) {
            if (Http.get(m.restUrl() + "/primary", CHECK_TIMEOUT).filter(a -> a.status() == 200).isPresent()) {
                found = m;
                break;
            }
        }
        if (!Objects.equals(found, primary)) {
            synchronized (changes) {
                changes.add(new Change(System.nanoTime(), found));
            }
        }
        primary = found;
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            pumps.execute(() -> connect(client));
        }
    }

    private void connect(Socket client) {
        LoopbackTopology.Member target = primary;
        if (target == null) {
            refused.incrementAndGet();
            closeQuietly(client);
            return;
        }
        Socket server = new Socket();
        try {
            server.connect(new InetSocketAddress(InetAddress.getByName(target.host()), target.postgresPort()),
                    CONNECT_TIMEOUT_MILLIS);
        } catch (IOException e) {
            refused.incrementAndGet();
            closeQuietly(server);
            closeQuietly(client);
            return;
        }
        forwarded.incrementAndGet();
        open.add(client);
        open.add(server);
        pumps.execute(() -> pump(client, server));
        pump(server, client);
    }

    /** Copies {@code from} to {@code to} until either ends, then closes both. */
    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException ended) {
            // the peer or the other pump closed the connection: it ends with an error as often as without
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(listener);
        checker.shutdownNow();
        open.forEach(PrimaryProxy::closeQuietly);
        pumps.shutdownNow();
        try {
            pumps.awaitTermination(5, TimeUnit.SECONDS);
            checker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // closing is best effort
        }
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread t = new Thread(runnable, name);
            t.setDaemon(true);
            return t;
        };
    }
}
