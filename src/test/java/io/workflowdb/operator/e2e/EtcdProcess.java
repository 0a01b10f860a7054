package io.workflowdb.operator.e2e;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.awaitility.core.ConditionTimeoutException;

import io.workflowdb.operator.testing.Processes;
import io.workflowdb.operator.testing.Timeouts;

/**
 * A one-member etcd 3.4 on free loopback ports, serving the v3 API Patroni's {@code etcd3} DCS uses.
 * Its data lives under the given directory. etcd runs as whoever runs the tests, root included.
 */
record EtcdProcess(Path directory, int clientPort, Process process) implements AutoCloseable {

    /** SIGTERM, then SIGKILL after this. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    static EtcdProcess start(Path binary, Path directory) throws IOException {
        Files.createDirectories(directory);
        int clientPort = LoopbackTopology.freePort();
        int peerPort = LoopbackTopology.freePort();
        String client = "http://127.0.0.1:" + clientPort;
        String peer = "http://127.0.0.1:" + peerPort;
        Process process = new ProcessBuilder(List.of(binary.toString(), "--name", "e2e",
                "--data-dir", directory.resolve("data").toString(),
                "--listen-client-urls", client, "--advertise-client-urls", client,
                "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
                "--initial-cluster", "e2e=" + peer, "--initial-cluster-state", "new"))
                .redirectErrorStream(true).redirectOutput(directory.resolve("etcd.log").toFile()).start();
        EtcdProcess etcd = new EtcdProcess(directory, clientPort, process);
        try {
            await("etcd answers /health").atMost(Timeouts.PROCESS_START).pollInterval(Duration.ofMillis(200))
                    .until(() -> !process.isAlive() || etcd.healthy());
        } catch (ConditionTimeoutException e) {
            etcd.close();
            throw new IllegalStateException("etcd did not become healthy within " + Timeouts.PROCESS_START + ":\n" + etcd.log(), e);
        }
        if (!process.isAlive()) {
            throw new IllegalStateException("etcd exited with " + process.exitValue() + ":\n" + etcd.log());
        }
        return etcd;
    }

    Path dataDirectory() {
        return directory.resolve("data");
    }

    /** host:port of the client API, as Patroni's etcd3.hosts lists it. */
    String endpoint() {
        return "127.0.0.1:" + clientPort;
    }

    boolean healthy() {
        return Http.get("http://" + endpoint() + "/health", Duration.ofSeconds(1))
                .filter(a -> a.status() == 200 && a.body().contains("\"health\":\"true\"")).isPresent();
    }

    String log() {
        return Processes.readLog(directory.resolve("etcd.log"));
    }

    @Override
    public void close() {
        Processes.stop(process, STOP_GRACE);
    }
}
