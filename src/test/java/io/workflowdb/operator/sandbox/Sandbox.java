package io.workflowdb.operator.sandbox;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.awaitility.core.ConditionTimeoutException;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.sandbox.api.SandboxApiServer;
import io.workflowdb.operator.testing.FlowDatabases;

/**
 * A local stand-in for a cluster with a database in it, on loopback only: a Kubernetes API that
 * kubectl talks to ({@link SandboxApiServer}, with the CRDs of deploy/crds) and the embedded
 * PostgreSQL 17 ({@link SandboxPostgres}). {@link #bringUp} then applies what a user would:
 * the WorkflowDatabase of examples/sandbox pointed at that PostgreSQL, a generated data set
 * ({@link SandboxData}) once its schema is there, the seed's policies, and a PartitionPolicy that
 * converts the data set's unpartitioned audit_log online.
 */
public record Sandbox(SandboxPostgres postgres, SandboxApiServer api, Path kubeconfig) implements AutoCloseable {

    public static final String NAMESPACE = "apps";
    public static final String DATABASE = "workflow-db";
    public static final String CREDENTIALS = "workflow-db-credentials";
    public static final int DEFAULT_POSTGRES_PORT = 15432;
    static final Path CRDS = Path.of("deploy/crds");
    static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
    static final Path DATABASE_EXAMPLE = Path.of("examples/sandbox/workflowdatabase.yaml");
    /** The seed's policies, then the sandbox's online conversion of the data set's audit_log. */
    static final List<Path> POLICY_EXAMPLES = List.of(Path.of("examples/partition-policy-workflow-events.yaml"),
            Path.of("examples/retentionpolicy.yaml"), Path.of("examples/maintenancepolicy.yaml"),
            Path.of("examples/sandbox/partition-policy-audit-log.yaml"));

    /**
     * @param directory    where the PostgreSQL data, its password and the kubeconfig live
     * @param postgresPort the embedded PostgreSQL's port on 127.0.0.1 (0: a free one)
     * @param apiPort      the Kubernetes API's port on 127.0.0.1 (0: a free one)
     */
    public record Options(Path directory, int postgresPort, int apiPort) {

        /** target/sandbox, PostgreSQL on 15432 as examples/sandbox says, the API on a free port. */
        public static Options defaults() {
            return new Options(Path.of("target/sandbox"), DEFAULT_POSTGRES_PORT, 0);
        }

        /** A sandbox of its own for a test or benchmark: {@code directory} emptied, free ports. */
        public static Options fresh(Path directory) throws IOException {
            if (Files.exists(directory)) {
                try (Stream<Path> paths = Files.walk(directory)) {
                    for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.delete(path);
                    }
                }
            }
            return new Options(directory, freePort(), 0);
        }
    }

    /** A port on 127.0.0.1 that nothing listens on now. */
    public static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Starts PostgreSQL and the API with the CRDs, the namespace and the database's credentials Secret. */
    public static Sandbox start(Options options) {
        SandboxPostgres postgres = SandboxPostgres.start(options.directory().toAbsolutePath(), options.postgresPort());
        SandboxApiServer api = null;
        try {
            api = SandboxApiServer.start(options.apiPort(), crdFiles());
            Path kubeconfig = api.writeKubeconfig(options.directory().toAbsolutePath().resolve("kubeconfig"), NAMESPACE);
            KubernetesClient client = api.client();
            client.resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build()).create();
            client.resource(new SecretBuilder().withNewMetadata().withName(CREDENTIALS).withNamespace(NAMESPACE)
                    .endMetadata().withType("Opaque")
                    .withStringData(Map.of("username", SandboxPostgres.USER, "password", postgres.password())).build())
                    .create();
            return new Sandbox(postgres, api, kubeconfig);
        } catch (RuntimeException e) {
            if (api != null) {
                api.close();
            }
            postgres.close();
            throw e;
        }
    }

    static List<Path> crdFiles() {
        try (Stream<Path> files = Files.list(CRDS)) {
            return files.filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + CRDS, e);
        }
    }

    /**
     * Applies the example WorkflowDatabase, waits until the operator made it Ready (schema applied),
     * loads the data set into an empty database, and applies the policies ({@link #POLICY_EXAMPLES}).
     */
    public SandboxData.Loaded bringUp(Duration readyWithin) throws Exception {
        WorkflowDatabase db = load(DATABASE_EXAMPLE, WorkflowDatabase.class);
        db.getSpec().external.hosts = List.of("127.0.0.1:" + postgres.port());
        createAsApplied(db);
        awaitReady(readyWithin);
        SandboxData.Loaded loaded;
        try (var connection = postgres.connect()) {
            loaded = SandboxData.loadIfEmpty(connection);
        }
        for (Path policies : POLICY_EXAMPLES) {
            try (InputStream in = Files.newInputStream(policies)) {
                for (HasMetadata policy : client().load(in).items()) {
                    createAsApplied(policy);
                }
            }
        }
        return loaded;
    }

    /**
     * Creates a resource as {@code kubectl apply} would, with the last-applied annotation, so that
     * a later {@code kubectl apply} of an edited file computes its patch without a warning.
     */
    private void createAsApplied(HasMetadata resource) {
        String applied = io.fabric8.kubernetes.client.utils.Serialization.asJson(resource);
        java.util.Map<String, String> annotations = new java.util.LinkedHashMap<>();
        if (resource.getMetadata().getAnnotations() != null) {
            annotations.putAll(resource.getMetadata().getAnnotations());
        }
        annotations.put(LAST_APPLIED, applied);
        resource.getMetadata().setAnnotations(annotations);
        client().resource(resource).create();
    }

    private void awaitReady(Duration within) {
        try {
            await("WorkflowDatabase " + DATABASE + " Ready").atMost(within).pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        WorkflowDatabase current = client().resources(WorkflowDatabase.class).inNamespace(NAMESPACE)
                                .withName(DATABASE).get();
                        return FlowDatabases.readyWithSchema(current);
                    });
        } catch (ConditionTimeoutException e) {
            WorkflowDatabase current = client().resources(WorkflowDatabase.class).inNamespace(NAMESPACE).withName(DATABASE)
                    .get();
            String conditions = current == null || current.getStatus() == null ? "no status"
                    : current.getStatus().conditions.stream().map(c -> c.type + "=" + c.status + " " + c.reason + ": "
                            + c.message).toList().toString();
            throw new IllegalStateException("the operator did not make " + DATABASE + " Ready within " + within.toSeconds()
                    + " s: " + conditions, e);
        }
    }

    private static <T> T load(Path file, Class<T> type) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return io.fabric8.kubernetes.client.utils.Serialization.unmarshal(in, type);
        }
    }

    public KubernetesClient client() {
        return api.client();
    }

    public String apiUrl() {
        return api.url();
    }

    @Override
    public void close() {
        try {
            api.close();
        } finally {
            postgres.close();
        }
    }
}
