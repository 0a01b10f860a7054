package io.workflowdb.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRuleBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;

/**
 * Two replicas of the packaged operator, in the prod profile, against one API server (fabric8's
 * mock in CRUD mode): one holds the Lease and reconciles, the other waits; the leader stops at once
 * on SIGTERM and the other takes the Lease over and reconciles; a leader whose Lease is taken exits
 * with status 1 (Kubernetes restarts it as a follower).
 */
@EnableKubernetesMockClient(crud = true)
class LeaderElectionIT {

    static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    static final Path LOGS = Path.of("target/leader-election-it");
    static final String NAMESPACE = "operators";
    static final String LEASE = "workflowdb-operator-it";
    static final Duration WAIT = Duration.ofSeconds(90);

    static KubernetesMockServer server;
    static KubernetesClient client;

    private final List<Process> replicas = new ArrayList<>();

    @BeforeEach
    void apiServer() throws IOException {
        // The SDK checks its Lease rights with a SelfSubjectRulesReview, which CRUD mode cannot answer.
        server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
                .andReturn(201, new SelfSubjectRulesReviewBuilder().withNewStatus().withIncomplete(false)
                        .withResourceRules(new ResourceRuleBuilder().withApiGroups("coordination.k8s.io")
                                .withResources("leases").withVerbs("get", "create", "update").build())
                        .endStatus().build())
                .always();
        try (var crds = Files.list(Path.of("deploy/crds"))) {
            for (Path crd : crds.sorted().toList()) {
                try (InputStream in = Files.newInputStream(crd)) {
                    client.load(in).create();
                }
            }
        }
        Files.createDirectories(LOGS);
    }

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : replicas) {
            p.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void oneReplicaLeadsTheOtherTakesOverAndALeaderThatLosesTheLeaseExits() throws Exception {
        assertThat(JAR).as("the packaged operator (./mvnw package)").exists();
        Replica a = start("replica-a");
        await().atMost(WAIT).until(this::holder, "replica-a"::equals);
        assertThat(lease().getMetadata().getNamespace()).isEqualTo(NAMESPACE);

        Replica b = start("replica-b");
        await().atMost(WAIT).until(() -> ready(b));
        client.load(Files.newInputStream(Path.of("examples/partition-policy-workflow-events.yaml"))).inNamespace("apps")
                .create();
        await().atMost(WAIT).until(() -> reconciliations(a) > 0);
        Thread.sleep(3_000);
        assertThat(holder()).isEqualTo("replica-a");
        assertThat(reconciliations(b)).as("the follower does not reconcile").isZero();
        assertThat(get(b, "/q/health/ready").statusCode()).as("the follower is ready, so a rollout can proceed")
                .isEqualTo(200);

        a.process.destroy(); // SIGTERM, as Kubernetes stops a pod
        assertThat(a.process.waitFor(20, TimeUnit.SECONDS)).as("a graceful stop ends well within the grace period")
                .isTrue();
        await().atMost(WAIT).until(this::holder, "replica-b"::equals);
        await().atMost(WAIT).until(() -> reconciliations(b) > 0);

        Lease taken = lease();
        taken.getSpec().setHolderIdentity("another-replica");
        taken.getSpec().setLeaseDurationSeconds(600);
        taken.getSpec().setRenewTime(ZonedDateTime.now(ZoneOffset.UTC));
        client.resource(taken).update();
        assertThat(b.process.waitFor(60, TimeUnit.SECONDS)).as("the replica that lost the Lease stops").isTrue();
        assertThat(b.process.exitValue()).isEqualTo(1);
    }

    private record Replica(Process process, int port) {
    }

    private Replica start(String name) throws IOException {
        int port = freePort();
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"), "-jar", JAR.toString());
        Map<String, String> env = pb.environment();
        env.put("KUBERNETES_MASTER", client.getConfiguration().getMasterUrl());
        env.put("KUBERNETES_TRUST_CERTIFICATES", "true");
        env.put("KUBERNETES_AUTH_TRYKUBECONFIG", "false");
        env.put("KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false");
        env.put("KUBERNETES_NAMESPACE", NAMESPACE);
        env.put("HOSTNAME", name);
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("WORKFLOWDB_LEADER_ELECTION_LEASE_NAME", LEASE);
        pb.redirectErrorStream(true).redirectOutput(LOGS.resolve(name + ".log").toFile());
        Process p = pb.start();
        replicas.add(p);
        return new Replica(p, port);
    }

    private Lease lease() {
        return client.leases().inNamespace(NAMESPACE).withName(LEASE).get();
    }

    private String holder() {
        Lease lease = lease();
        return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    }

    private static boolean ready(Replica r) {
        try {
            return get(r, "/q/health/live").statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** Reconciliations the replica started, from its Prometheus metrics. */
    private static double reconciliations(Replica r) throws IOException {
        return get(r, "/q/metrics").body().lines()
                .filter(l -> l.startsWith("operator_sdk_reconciliations_started_total{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static HttpResponse<String> get(Replica r, String path) throws IOException {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + r.port + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
