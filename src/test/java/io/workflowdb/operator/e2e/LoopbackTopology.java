package io.workflowdb.operator.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.workflowdb.operator.cluster.patroni.PatroniLayout;
import io.workflowdb.operator.testing.PostgresUser;

/**
 * Where the members and the primary Service stand-in listen on this machine.
 *
 * <p>Preferred, as in the pods: member {@code i} on its own loopback address {@code 127.0.1.(10+i)}
 * (all of 127/8 is loopback on Linux) with the layout's ports, 8008 and 5432, and the primary
 * Service on {@code 127.0.1.20:5432}. PostgreSQL's Unix socket directory is fixed in the rendered
 * file (every pod has its own emptyDir there); with one port for all members their sockets would
 * collide, so each member then runs in a private mount namespace with its own directory bound
 * there, which needs root.
 *
 * <p>Fallback, when an address or port cannot be bound or private mount namespaces are not
 * available (or {@code -Dworkflowdb-e2e.sharedLoopback=true} asks for it): every member on
 * 127.0.0.1 with distinct free ports, whose socket files then differ in the shared directory. The
 * REST ports are consecutive from a multiple of ten, so that one URL template with the ordinal
 * still reaches every member.
 *
 * @param members                  one per member, in ordinal order
 * @param patroniApiUrl            the operator's {@code workflowdb.cluster.patroni-api-url} for these
 *                                 members, with {@code {ordinal}} for the pod's ordinal
 * @param privateSocketDirectories whether each member gets its own socket directory in a mount namespace
 * @param description              what was chosen and why, for the test log
 */
record LoopbackTopology(List<Member> members, String proxyHost, int proxyPort, boolean privateSocketDirectories,
        String patroniApiUrl, String description) {

    LoopbackTopology {
        for (int i = 0; i < members.size(); i++) {
            // the operator turns http:// into https:// for a cluster that serves TLS
            String url = patroniApiUrl.replace("{ordinal}", Integer.toString(i)).replaceFirst("^http://", "https://");
            if (!url.equals(members.get(i).restUrl())) {
                throw new IllegalStateException(patroniApiUrl + " gives " + url + " for " + members.get(i));
            }
        }
    }

    record Member(String name, String host, int restPort, int postgresPort) {

        String postgresAddress() {
            return host + ":" + postgresPort;
        }

        /** HTTPS, as every e2e cluster serves TLS. */
        String restUrl() {
            return "https://" + host + ":" + restPort;
        }

        String plainRestUrl() {
            return "http://" + host + ":" + restPort;
        }
    }

    static final String FIRST_MEMBER_ADDRESS = "127.0.1.";
    static final int FIRST_MEMBER_OCTET = 10;
    static final String PROXY_ADDRESS = "127.0.1.20";
    /** System property that makes {@link #choose} take the fallback, to check it on a machine that would not need it. */
    static final String FORCE_FALLBACK = "workflowdb-e2e.sharedLoopback";

    static LoopbackTopology choose(List<String> names, PatroniLayout layout) throws IOException {
        List<Member> preferred = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            preferred.add(new Member(names.get(i), FIRST_MEMBER_ADDRESS + (FIRST_MEMBER_OCTET + i), layout.restApiPort(),
                    layout.postgresPort()));
        }
        String unavailable = null;
        if (Boolean.getBoolean(FORCE_FALLBACK)) {
            unavailable = "-D" + FORCE_FALLBACK + "=true asks for it";
        } else if (!PostgresUser.isRoot()) {
            unavailable = "not root, so no private mount namespace for each member's socket directory";
        } else if (!privateMountNamespaceWorks()) {
            unavailable = "unshare --mount is refused here";
        } else {
            for (Member m : preferred) {
                unavailable = unavailable != null ? unavailable : unbindable(m.host(), m.restPort());
                unavailable = unavailable != null ? unavailable : unbindable(m.host(), m.postgresPort());
            }
            unavailable = unavailable != null ? unavailable : unbindable(PROXY_ADDRESS, layout.postgresPort());
        }
        if (unavailable == null) {
            return new LoopbackTopology(preferred, PROXY_ADDRESS, layout.postgresPort(), true,
                    "http://" + FIRST_MEMBER_ADDRESS + FIRST_MEMBER_OCTET / 10 + "{ordinal}:" + layout.restApiPort(),
                    "each member on its own loopback address (127.0.1.10..) with REST port " + layout.restApiPort()
                            + " and PostgreSQL port " + layout.postgresPort() + ", primary Service stand-in on "
                            + PROXY_ADDRESS + ":" + layout.postgresPort());
        }
        int restBase = freeBlock(names.size());
        List<Member> fallback = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            fallback.add(new Member(names.get(i), "127.0.0.1", restBase + i, freePort()));
        }
        return new LoopbackTopology(fallback, "127.0.0.1", freePort(), false,
                "http://127.0.0.1:" + restBase / 10 + "{ordinal}",
                "FALLBACK: every member on 127.0.0.1 with distinct ports, because " + unavailable);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The first of {@code count} (at most ten) free consecutive ports on 127.0.0.1 that starts at a multiple of ten. */
    static int freeBlock(int count) {
        int start = 2_000 + new java.util.Random().nextInt(3_000);
        for (int step = 0; step < 4_000; step++) {
            int base = 10 * (2_000 + (start + step) % 4_000);
            boolean free = true;
            for (int port = base; port < base + count && free; port++) {
                free = unbindable("127.0.0.1", port) == null;
            }
            if (free) {
                return base;
            }
        }
        throw new IllegalStateException("no " + count + " free consecutive ports between 20000 and 60000");
    }

    /** {@code null} when {@code host:port} can be bound, else why not. */
    private static String unbindable(String host, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
            return null;
        } catch (IOException e) {
            return "cannot bind " + host + ":" + port + " (" + e.getMessage() + ")";
        }
    }

    private static boolean privateMountNamespaceWorks() {
        try {
            Process probe = new ProcessBuilder("unshare", "--mount", "--propagation", "private", "true")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
