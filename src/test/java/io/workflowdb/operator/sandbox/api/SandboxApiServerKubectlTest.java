package io.workflowdb.operator.sandbox.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * The real kubectl against the sandbox API server started with the project's CRDs: discovery,
 * apply, printer columns, explain, describe with Events, get -w, wait and delete, on the examples
 * the project ships.
 */
class SandboxApiServerKubectlTest {

    private static final Path WORK = Path.of("target", "sandbox-api");
    private static final String NAMESPACE = "apps";
    private static final String API_VERSION = "workflowdb.io/v1alpha1";
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static SandboxApiServer server;
    private static KubernetesClient client;
    private static Kubectl kubectl;

    @BeforeAll
    static void start() throws IOException {
        Path binary = Kubectl.requireBinary();
        List<Path> crds;
        try (Stream<Path> files = Files.list(Path.of("deploy", "crds"))) {
            crds = files.filter(f -> f.toString().endsWith(".yml")).sorted().toList();
        }
        server = SandboxApiServer.start(0, crds);
        client = server.client();
        String port = server.url().substring(server.url().lastIndexOf(':') + 1);
        Path kubeconfig = server.writeKubeconfig(WORK.resolve("kubeconfig-" + port), NAMESPACE);
        kubectl = Kubectl.of(binary, kubeconfig, WORK.resolve("kube-cache-" + port));
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata()
                .build()).create();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void apiResourcesListsTheFourKindsWithTheirShortNames() {
        String out = kubectl.ok("api-resources", "--api-group=workflowdb.io");

        assertThat(out).containsPattern("maintenancepolicies\\s+wfmp\\s+workflowdb.io/v1alpha1\\s+true\\s+MaintenancePolicy")
                .containsPattern("partitionpolicies\\s+wfpp\\s+workflowdb.io/v1alpha1\\s+true\\s+PartitionPolicy")
                .containsPattern("retentionpolicies\\s+wfrp\\s+workflowdb.io/v1alpha1\\s+true\\s+RetentionPolicy")
                .containsPattern("workflowdatabases\\s+wfdb\\s+workflowdb.io/v1alpha1\\s+true\\s+WorkflowDatabase");
        assertThat(out.strip().lines()).hasSize(5);
    }

    @Test
    void theExamplesApplyAndPrintTheirColumnsUnderTheCategory() throws IOException {
        List<Path> examples;
        try (Stream<Path> files = Files.list(Path.of("examples"))) {
            examples = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(examples).hasSizeGreaterThanOrEqualTo(5);
        for (Path example : examples) {
            assertThat(kubectl.ok("apply", "-f", example.toString())).containsPattern("(created|configured)");
        }
        setStatus("RetentionPolicy", "archive-completed-tasks", Map.of("conditions", List.of(ready("True")),
                "lastRun", Map.of("finishedAt", Instant.now().minus(5, ChronoUnit.MINUTES).toString(), "rows", 42)));
        setStatus("MaintenancePolicy", "daily-maintenance", Map.of("conditions", List.of(ready("False"))));
        setStatus("WorkflowDatabase", "workflow-db", Map.of("phase", "Running", "readyInstances", 3,
                "instances", 3, "primary", "workflow-db-0"));

        String out = kubectl.ok("get", "workflowdb", "-n", NAMESPACE);

        assertThat(out).contains("retentionpolicy.workflowdb.io/archive-completed-tasks",
                "maintenancepolicy.workflowdb.io/daily-maintenance",
                "partitionpolicy.workflowdb.io/workflow-events-monthly",
                "workflowdatabase.workflowdb.io/workflow-db");
        assertThat(out).containsPattern("NAME\\s+AGE\\s+ACTION\\s+SCHEDULE\\s+TABLE\\s+READY\\s+LAST-RUN\\s+ROWS");
        assertThat(cell(out, "retentionpolicy.workflowdb.io/archive-completed-tasks", "READY")).isEqualTo("True");
        assertThat(cell(out, "retentionpolicy.workflowdb.io/archive-completed-tasks", "ROWS")).isEqualTo("42");
        assertThat(cell(out, "retentionpolicy.workflowdb.io/archive-completed-tasks", "LAST-RUN")).matches("5m\\d*s?");
        assertThat(cell(out, "maintenancepolicy.workflowdb.io/daily-maintenance", "READY")).isEqualTo("False");
        assertThat(cell(out, "workflowdatabase.workflowdb.io/workflow-db", "PHASE")).isEqualTo("Running");
        assertThat(cell(out, "workflowdatabase.workflowdb.io/workflow-db", "PRIMARY")).isEqualTo("workflow-db-0");

        String yaml = kubectl.ok("get", "wfdb", "-n", NAMESPACE, "-o", "yaml");
        assertThat(yaml).contains("kind: WorkflowDatabase", "name: workflow-db", "poolMode: transaction",
                "phase: Running");
    }

    @Test
    void explainPrintsTheDescriptionOfAFieldFromTheCrd() {
        String out = kubectl.ok("explain", "wfdb.spec.pgbouncer.poolMode");

        assertThat(out).contains("KIND:       WorkflowDatabase", "FIELD: poolMode <string>");
        assertThat(out.replaceAll("\\s+", " ")).contains("When a server connection returns to the pool: session");
    }

    @Test
    void applyOfAChangedFileRaisesTheGenerationReplacesListsAndDeletesRemovedFields() throws IOException {
        Path file = retentionPolicyFile("generation-check");
        kubectl.ok("apply", "-f", file.toString());
        assertThat(jsonPath("generation-check", "{.metadata.generation}")).isEqualTo("1");

        Files.writeString(file, Files.readString(file)
                .replace("  batchSize: 5000", "  batchSize: 1000")
                .replace("  allowCascade: true\n", "")
                .replace("  - column: status\n    operator: Equals\n    values:\n    - completed",
                        "  - column: priority\n    operator: Equals\n    values:\n    - low"));
        assertThat(kubectl.ok("apply", "-f", file.toString())).contains("configured");

        assertThat(jsonPath("generation-check", "{.metadata.generation}")).isEqualTo("2");
        assertThat(jsonPath("generation-check", "{.spec.batchSize}")).isEqualTo("1000");
        assertThat(jsonPath("generation-check", "{.spec.where[*].column}")).isEqualTo("priority");
        assertThat(jsonPath("generation-check", "{.spec.allowCascade}")).isEmpty();

        assertThat(kubectl.ok("apply", "-f", file.toString())).contains("unchanged");
        kubectl.ok("label", "wfrp", "generation-check", "team=storage");
        setStatus("RetentionPolicy", "generation-check", Map.of("conditions", List.of(ready("True"))));
        assertThat(jsonPath("generation-check", "{.metadata.generation}")).isEqualTo("2");
        assertThat(jsonPath("generation-check", "{.metadata.labels.team}")).isEqualTo("storage");
    }

    @Test
    void theStatusSubresourceKeepsSpecAndStatusApart() throws IOException {
        kubectl.ok("apply", "-f", retentionPolicyFile("status-check").toString());
        setStatus("RetentionPolicy", "status-check", Map.of("observedGeneration", 1, "conditions", List.of(ready("True"))));

        // a status write changes only status
        GenericKubernetesResource current = policies().withName("status-check").get();
        spec(current).put("table", "changed_through_status");
        current.setAdditionalProperty("status", Map.of("observedGeneration", 1, "conditions", List.of(ready("False"))));
        policies().resource(current).updateStatus();
        assertThat(jsonPath("status-check", "{.spec.table}")).isEqualTo("tasks");
        assertThat(jsonPath("status-check", "{.status.conditions[0].status}")).isEqualTo("False");
        assertThat(jsonPath("status-check", "{.metadata.generation}")).isEqualTo("1");

        // a write to the resource does not change status, and a new spec raises the generation
        current = policies().withName("status-check").get();
        spec(current).put("table", "events");
        current.setAdditionalProperty("status", Map.of("observedGeneration", 7));
        policies().resource(current).update();
        assertThat(jsonPath("status-check", "{.spec.table}")).isEqualTo("events");
        assertThat(jsonPath("status-check", "{.status.observedGeneration}")).isEqualTo("1");
        assertThat(jsonPath("status-check", "{.metadata.generation}")).isEqualTo("2");
    }

    @Test
    void describeShowsTheEventsOfTheObjectAndNoOthers() throws IOException {
        kubectl.ok("apply", "-f", retentionPolicyFile("described").toString());
        kubectl.ok("apply", "-f", retentionPolicyFile("neighbour").toString());
        event("described", "RunSucceeded", "archived 42 rows into tasks_archive");
        event("neighbour", "RunFailed", "this event belongs to the neighbour");

        String out = kubectl.ok("describe", "wfrp", "described", "-n", NAMESPACE);

        assertThat(out).containsPattern("Name:\\s+described\\n");
        assertThat(out).contains("Events:", "RunSucceeded",
                "archived 42 rows into tasks_archive");
        assertThat(out).doesNotContain("RunFailed", "neighbour");
    }

    @Test
    void getWatchPrintsAChangeMadeThroughTheClient() throws Exception {
        kubectl.ok("apply", "-f", retentionPolicyFile("watched").toString());
        try (Kubectl.Running watch = kubectl.runInBackground("get", "wfrp", "watched", "-n", NAMESPACE, "-w")) {
            watch.awaitOutput(out -> out.lines().anyMatch(line -> line.startsWith("watched ")), WAIT, "first row");

            setStatus("RetentionPolicy", "watched", Map.of("conditions", List.of(ready("True"))));

            String out = watch.awaitOutput(o -> o.lines().anyMatch(l -> l.startsWith("watched ") && l.contains("True")),
                    WAIT, "row with Ready True");
            List<String> lines = out.lines().toList();
            assertThat(lines.get(0)).containsPattern("NAME\\s+AGE\\s+ACTION");
            String changed = lines.stream().filter(l -> l.startsWith("watched ") && l.contains("True"))
                    .reduce((first, last) -> last).orElseThrow();
            assertThat(cell(lines.get(0) + "\n" + changed, "watched", "READY")).isEqualTo("True");
        }
    }

    @Test
    void waitReturnsOnceTheClientSetsTheCondition() throws Exception {
        kubectl.ok("apply", "-f", retentionPolicyFile("awaited").toString());
        setStatus("RetentionPolicy", "awaited", Map.of("conditions", List.of(ready("False"))));

        try (Kubectl.Running wait = kubectl.runInBackground("wait", "--for=condition=Ready", "wfrp/awaited",
                "-n", NAMESPACE, "--timeout=" + WAIT.toSeconds() + "s")) {
            Thread.sleep(1500);
            assertThat(wait.isAlive()).as("kubectl wait returned before the condition was set").isTrue();

            setStatus("RetentionPolicy", "awaited", Map.of("conditions", List.of(ready("True"))));

            Kubectl.Result result = wait.awaitExit(WAIT);
            assertThat(result.exitCode()).as(result.output()).isZero();
            assertThat(result.output()).contains("retentionpolicy.workflowdb.io/awaited condition met");
        }
    }

    @Test
    void deleteRemovesWhatTheFileDescribes() throws IOException {
        Path file = retentionPolicyFile("deleted");
        kubectl.ok("apply", "-f", file.toString());

        assertThat(kubectl.ok("delete", "-f", file.toString()))
                .contains("retentionpolicy.workflowdb.io \"deleted\" deleted");

        Kubectl.Result get = kubectl.run("get", "wfrp", "deleted", "-n", NAMESPACE);
        assertThat(get.exitCode()).isNotZero();
        assertThat(get.output()).contains("NotFound", "retentionpolicies.workflowdb.io \"deleted\" not found");
        assertThat(policies().withName("deleted").get()).isNull();
    }

    @Test
    void aCrdCreatedThroughTheApiShowsInDiscoveryTablesAndExplain() throws IOException {
        client.apiextensions().v1().customResourceDefinitions().resource(Serialization.unmarshal("""
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata:
                  name: widgets.example.com
                spec:
                  group: example.com
                  names: {kind: Widget, plural: widgets, singular: widget, shortNames: [wd]}
                  scope: Namespaced
                  versions:
                  - name: v1
                    served: true
                    storage: true
                    schema:
                      openAPIV3Schema:
                        type: object
                        properties:
                          spec:
                            type: object
                            properties:
                              size: {type: integer, description: How many parts the widget has.}
                """, CustomResourceDefinition.class)).create();
        Path widget = Files.writeString(WORK.resolve("widget.yaml"), """
                apiVersion: example.com/v1
                kind: Widget
                metadata: {name: w1}
                spec: {size: 3}
                """);

        assertThat(kubectl.ok("api-resources", "--api-group=example.com"))
                .containsPattern("widgets\\s+wd\\s+example.com/v1\\s+true\\s+Widget");
        assertThat(kubectl.ok("apply", "-f", widget.toString())).contains("widget.example.com/w1 created");
        assertThat(kubectl.ok("get", "wd")).containsPattern("NAME\\s+AGE\\n+w1\\s+\\d+s");
        assertThat(kubectl.ok("explain", "widget.spec.size")).contains("How many parts the widget has.");
    }

    @Test
    void fabric8ClientsStillWatchOverWebSockets() throws Exception {
        CountDownLatch added = new CountDownLatch(1);
        try (Watch watch = policies().watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, GenericKubernetesResource resource) {
                if (action == Action.ADDED && "websocket-watched".equals(resource.getMetadata().getName())) {
                    added.countDown();
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        })) {
            kubectl.ok("apply", "-f", retentionPolicyFile("websocket-watched").toString());
            assertThat(added.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        }
    }

    private static NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList,
            Resource<GenericKubernetesResource>> policies() {
        return client.genericKubernetesResources(API_VERSION, "RetentionPolicy").inNamespace(NAMESPACE);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(GenericKubernetesResource resource) {
        return (Map<String, Object>) resource.getAdditionalProperties().get("spec");
    }

    /** Replaces the status through the status subresource, as the operator does. */
    private static void setStatus(String kind, String name, Map<String, Object> status) {
        var resources = client.genericKubernetesResources(API_VERSION, kind).inNamespace(NAMESPACE);
        GenericKubernetesResource current = resources.withName(name).get();
        current.setAdditionalProperty("status", status);
        resources.resource(current).updateStatus();
    }

    private static Map<String, Object> ready(String status) {
        return Map.of("type", "Ready", "status", status, "reason", "Test",
                "lastTransitionTime", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    }

    private static void event(String policy, String reason, String message) {
        GenericKubernetesResource involved = policies().withName(policy).get();
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        client.v1().events().inNamespace(NAMESPACE).resource(new EventBuilder()
                .withNewMetadata().withName(policy + "." + reason.toLowerCase()).withNamespace(NAMESPACE).endMetadata()
                .withNewInvolvedObject().withApiVersion(API_VERSION).withKind("RetentionPolicy").withName(policy)
                .withNamespace(NAMESPACE).withUid(involved.getMetadata().getUid()).endInvolvedObject()
                .withReason(reason).withMessage(message).withType("Normal")
                .withNewSource().withComponent("workflowdb-operator").endSource()
                .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                .build()).create();
    }

    /** The example RetentionPolicy under another name, written to a file of its own. */
    private static Path retentionPolicyFile(String name) throws IOException {
        String example = Files.readString(Path.of("examples", "retentionpolicy.yaml"));
        assertThat(example).contains("  name: archive-completed-tasks\n");
        Files.createDirectories(WORK);
        return Files.writeString(WORK.resolve(name + ".yaml"),
                example.replace("  name: archive-completed-tasks\n", "  name: " + name + "\n"));
    }

    private static String jsonPath(String policy, String template) {
        return kubectl.ok("get", "wfrp", policy, "-n", NAMESPACE, "-o", "jsonpath=" + template);
    }

    /**
     * The cell of kubectl's table output in the row starting with {@code rowName}, under the
     * header {@code column} of that row's section: kubectl aligns a cell with its header.
     */
    private static String cell(String output, String rowName, String column) {
        for (String section : output.split("\\n\\s*\\n")) {
            List<String> lines = section.lines().toList();
            for (String row : lines.subList(1, lines.size())) {
                if (row.startsWith(rowName + " ")) {
                    Matcher header = Pattern.compile("(?<=\\s)" + Pattern.quote(column) + "(?=\\s|$)").matcher(lines.get(0));
                    assertThat(header.find()).as("column %s in %s", column, lines.get(0)).isTrue();
                    String rest = header.start() < row.length() ? row.substring(header.start()) : "";
                    return rest.isBlank() ? "" : rest.strip().split("\\s+")[0];
                }
            }
        }
        throw new AssertionError("no row " + rowName + " in:\n" + output);
    }
}
