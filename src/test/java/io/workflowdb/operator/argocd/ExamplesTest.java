package io.workflowdb.operator.argocd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;

import io.workflowdb.operator.cli.WorkflowDbCommand;

/**
 * The files under examples/ are one scenario in namespace apps: each is valid by the code path of
 * the validate command, every policy names a WorkflowDatabase defined there, and what the Argo CD
 * Application in examples/argocd syncs holds each resource once and the seed guide's whole set-up.
 */
class ExamplesTest {

    static final Path EXAMPLES = Path.of("examples");
    static final Path APPLICATION = EXAMPLES.resolve("argocd/application.yaml");
    static final String API_VERSION = "workflowdb.io/v1alpha1";

    record Document(Path file, JsonNode body) {

        boolean ours() {
            return API_VERSION.equals(body.path("apiVersion").asText());
        }

        String kind() {
            return body.path("kind").asText();
        }

        String namespace() {
            return body.path("metadata").path("namespace").asText();
        }

        String key() {
            return body.path("apiVersion").asText() + " " + kind() + " " + namespace() + "/"
                    + body.path("metadata").path("name").asText();
        }

        JsonNode spec() {
            return body.path("spec");
        }
    }

    static List<Path> exampleFiles() throws IOException {
        try (Stream<Path> files = Files.walk(EXAMPLES)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().toList();
        }
    }

    static List<Document> documents(Path file) throws IOException {
        List<Document> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> it = HealthChecks.YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            for (JsonNode body : it.readAll()) {
                if (body != null && !body.isEmpty()) {
                    documents.add(new Document(file, body));
                }
            }
        }
        return documents;
    }

    static List<Document> documents(List<Path> files) throws IOException {
        List<Document> all = new ArrayList<>();
        for (Path file : files) {
            all.addAll(documents(file));
        }
        return all;
    }

    @ParameterizedTest
    @MethodSource("exampleFiles")
    void validateAcceptsEveryResourceOfOursAndSkipsTheRest(Path file) throws IOException {
        StringWriter out = new StringWriter();
        int exit = WorkflowDbCommand.execute(new PrintWriter(out, true), "validate", "-f", file.toString());
        String output = out.toString();
        assertThat(exit).as(output).isZero();
        long ours = documents(file).stream().filter(Document::ours).count();
        assertThat(output).as(output).contains(ours + " resources checked, 0 with problems");
        assertThat(output.lines().filter(l -> l.endsWith(": valid")).count()).as(output).isEqualTo(ours);
    }

    @Test
    void everyPolicyNamesAWorkflowDatabaseOfTheExamplesInItsNamespace() throws IOException {
        List<Document> ours = documents(exampleFiles()).stream().filter(Document::ours).toList();
        assertThat(ours).extracting(Document::namespace).containsOnly("apps");
        assertResolvable(ours);
    }

    @Test
    void theApplicationSyncsTheExamplesDirectoryIntoApps() throws IOException {
        JsonNode app = HealthChecks.YAML.readTree(APPLICATION.toFile());
        assertThat(app.path("apiVersion").asText()).isEqualTo("argoproj.io/v1alpha1");
        assertThat(app.path("kind").asText()).isEqualTo("Application");
        JsonNode source = app.path("spec").path("source");
        assertThat(source.path("path").asText()).isEqualTo("examples");
        assertThat(source.path("directory").path("recurse").asBoolean()).isTrue();
        assertThat(app.path("spec").path("destination").path("namespace").asText()).isEqualTo("apps");
        assertThat(app.path("spec").path("syncPolicy").path("syncOptions"))
                .extracting(JsonNode::asText).contains("CreateNamespace=true", "ServerSideApply=true");
        assertThat(synced(app)).as("the Application does not sync itself")
                .doesNotContain(APPLICATION).isNotEmpty();
    }

    @Test
    void whatTheApplicationSyncsIsTheSeedScenarioWithEachResourceOnce() throws IOException {
        List<Document> documents = documents(synced(HealthChecks.YAML.readTree(APPLICATION.toFile())));
        Set<String> seen = new HashSet<>();
        for (Document d : documents) {
            assertThat(seen.add(d.key())).as(d.key() + " appears twice among the synced files").isTrue();
        }
        assertThat(documents).as("only resources of ours").allMatch(Document::ours);
        assertResolvable(documents);

        JsonNode db = only(documents, "WorkflowDatabase").spec();
        assertThat(db.path("instances").asInt()).isEqualTo(3);
        assertThat(db.path("patroni").path("ttl").asInt()).isEqualTo(30);
        assertThat(db.path("patroni").path("loopWait").asInt()).isEqualTo(10);
        assertThat(db.path("patroni").path("maximumLagOnFailover").asLong()).isEqualTo(1048576L);
        assertThat(db.path("pgbouncer").path("poolMode").asText()).isEqualTo("transaction");
        assertThat(db.path("pgbouncer").path("maxClientConn").asInt()).isEqualTo(100);
        assertThat(db.path("pgbouncer").path("defaultPoolSize").asInt()).isEqualTo(20);
        assertThat(db.path("schema").path("indexes")).extracting(i -> i.path("name").asText())
                .contains("idx_tasks_active_priority", "idx_tasks_project_status_covering",
                        "idx_executions_recent_performance");

        List<JsonNode> partitions = all(documents, "PartitionPolicy");
        assertThat(partitions).anySatisfy(p -> {
            assertThat(p.path("table").asText()).isEqualTo("workflow_events");
            assertThat(p.path("range").path("interval").asText()).isEqualTo("month");
            assertThat(p.path("retention").path("keep").asInt()).isEqualTo(12);
        });
        assertThat(partitions).anySatisfy(p -> {
            assertThat(p.path("table").asText()).isEqualTo("task_executions");
            assertThat(p.path("hash").path("modulus").asInt()).isEqualTo(4);
        });
        JsonNode retention = only(documents, "RetentionPolicy").spec();
        assertThat(retention.path("schedule").asText()).as("weekly").isEqualTo("0 2 * * 0");
        assertThat(retention.path("olderThan").asText()).isEqualTo("90d");
        assertThat(only(documents, "MaintenancePolicy").spec().path("schedule").asText()).as("daily")
                .isEqualTo("0 1 * * *");
    }

    /** The example files Argo CD reads for the Application: recursive, minus the exclude pattern. */
    static List<Path> synced(JsonNode app) throws IOException {
        JsonNode directory = app.path("spec").path("source").path("directory");
        Path root = Path.of(app.path("spec").path("source").path("path").asText());
        String exclude = directory.path("exclude").asText("");
        PathMatcher excluded = exclude.isEmpty() ? p -> false : FileSystems.getDefault().getPathMatcher("glob:" + exclude);
        return exampleFiles().stream().filter(f -> !excluded.matches(root.relativize(f))).toList();
    }

    private static void assertResolvable(List<Document> ours) {
        Set<String> databases = new HashSet<>();
        ours.stream().filter(d -> d.kind().equals("WorkflowDatabase"))
                .forEach(d -> databases.add(d.namespace() + "/" + d.body().path("metadata").path("name").asText()));
        assertThat(databases).isNotEmpty();
        List<Document> policies = ours.stream().filter(d -> !d.kind().equals("WorkflowDatabase")).toList();
        assertThat(policies).extracting(Document::kind)
                .contains("PartitionPolicy", "RetentionPolicy", "MaintenancePolicy");
        for (Document policy : policies) {
            String ref = policy.spec().path("databaseRef").path("name").asText();
            assertThat(databases).as(policy.file() + ": " + policy.key() + " names WorkflowDatabase " + ref)
                    .contains(policy.namespace() + "/" + ref);
        }
    }

    private static List<JsonNode> all(List<Document> documents, String kind) {
        return documents.stream().filter(d -> d.kind().equals(kind)).map(Document::spec).toList();
    }

    private static Document only(List<Document> documents, String kind) {
        List<Document> found = documents.stream().filter(d -> d.kind().equals(kind)).toList();
        assertThat(found).as(kind).hasSize(1);
        return found.get(0);
    }
}
