package io.workflowdb.operator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.workflowdb.operator.sandbox.api.Kubectl;
import io.workflowdb.operator.testing.Closeables;
import io.workflowdb.operator.testing.Timeouts;

/**
 * The sandbox as README's first command starts it (API, PostgreSQL, the packaged operator, the
 * examples and the data set), used through the real kubectl the way README shows.
 */
class SandboxKubectlIT {

    static final Path DIRECTORY = Path.of("target/sandbox-it");
    static final Duration WAIT = Timeouts.SANDBOX_KUBECTL;
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static Sandbox sandbox;
    private static SandboxOperator operator;
    private static Kubectl kubectl;

    @BeforeAll
    static void startTheSandbox() throws Exception {
        sandbox = Sandbox.start(Sandbox.Options.fresh(DIRECTORY));
        kubectl = Kubectl.of(Kubectl.requireBinary(), sandbox.kubeconfig(), DIRECTORY.resolve("kube-cache"));
        operator = SandboxOperator.start(sandbox.apiUrl(), Sandbox.NAMESPACE, Sandbox.freePort(),
                DIRECTORY.resolve("operator.log"), List.of(), Map.of());
        SandboxData.Loaded loaded = sandbox.bringUp(Timeouts.SANDBOX_START);
        assertThat(loaded.tasks()).isEqualTo(SandboxData.TASKS);
        assertThat(loaded.auditLog()).isEqualTo(SandboxData.AUDIT_ROWS);
    }

    @AfterAll
    static void stopTheSandbox() throws Exception {
        Closeables.closeAll(operator, sandbox);
    }

    @Test
    void getWorkflowdbListsEveryExampleResourceReady() {
        List<String> lines = new ArrayList<>();
        await("every resource of kubectl get workflowdb Ready").atMost(WAIT).pollInterval(Duration.ofSeconds(2))
                .ignoreExceptions().until(() -> {
                    lines.clear();
                    lines.addAll(kubectl.ok("get", "workflowdb").lines().toList());
                    return readyColumn(lines).stream().allMatch("True"::equals) && readyColumn(lines).size() == 6;
                });
        assertThat(String.join("\n", lines)).contains("workflowdatabase.workflowdb.io/workflow-db",
                "partitionpolicy.workflowdb.io/workflow-events-monthly", "partitionpolicy.workflowdb.io/task-executions-hash",
                "partitionpolicy.workflowdb.io/audit-log-monthly",
                "retentionpolicy.workflowdb.io/archive-completed-tasks", "maintenancepolicy.workflowdb.io/daily-maintenance");
    }

    /** examples/sandbox/partition-policy-audit-log.yaml converts the data set's audit_log while kubectl watches. */
    @Test
    void theAuditLogIsConvertedOnlineToTheEnd() throws Exception {
        await("the conversion of audit_log Done").atMost(WAIT).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .until(() -> kubectl.ok("get", "wfpp", "audit-log-monthly", "-o", "jsonpath={.status.conversion.phase}")
                        .equals("Done"));
        assertThat(kubectl.ok("get", "wfpp", "audit-log-monthly", "-o",
                "jsonpath={.status.conversion.verified} {.status.conversion.originalTable}"))
                .isEqualTo(SandboxData.AUDIT_ROWS + " rows in the original, " + SandboxData.AUDIT_ROWS
                        + " in the new table audit_log_wfdb_unpartitioned");
        await("Ready Covered").atMost(WAIT).pollInterval(Duration.ofSeconds(1)).until(() -> kubectl.ok("get", "wfpp",
                "audit-log-monthly", "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].reason}").equals("Covered"));
        List<String> wide = kubectl.ok("get", "wfpp", "audit-log-monthly", "-o", "wide").lines().toList();
        assertThat(wide.get(0)).contains("CONVERSION");
        assertThat(wide.get(1)).contains("audit_log", "True", "Done", "range/month");
        assertThat(kubectl.ok("describe", "wfpp", "audit-log-monthly")).contains("ConversionPreparing",
                "ConversionCopying", "ConversionVerifying", "ConversionSwapping", "ConversionDone");

        try (Connection c = sandbox.postgres().connect(); Statement st = c.createStatement()) {
            assertThat(text(st, "SELECT relkind::text FROM pg_class WHERE oid = 'audit_log'::regclass"))
                    .as("audit_log partitioned").isEqualTo("p");
            assertThat(text(st, "SELECT pg_get_partkeydef('audit_log'::regclass)")).isEqualTo("RANGE (logged_at)");
            assertThat(text(st, "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'audit_log'::regclass"
                    + " AND contype = 'p'")).isEqualTo("PRIMARY KEY (id, logged_at)");
            assertThat(text(st, "SELECT count(*) FROM audit_log")).isEqualTo(String.valueOf(SandboxData.AUDIT_ROWS));
            assertThat(text(st, "SELECT count(*) > 0 FROM recent_audit_log")).isEqualTo("t");
        }
    }

    /**
     * The data set's 6,000 events spread over 15 months, most of them older than the current month's
     * partition: the first upkeep gives each month its partition and empties the default, so the
     * WorkflowDbDefaultPartitionRows alert (workflowdb_partition_default_rows > 0) stays inactive. The
 * months older than the 12 kept go with the next hourly run's retention.
     */
    @Test
    void theDefaultPartitionOfWorkflowEventsEndsEmpty() throws Exception {
        await("the default partition of workflow_events empty").atMost(WAIT).pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions().until(() -> kubectl.ok("get", "wfpp", "workflow-events-monthly", "-o",
                        "jsonpath={.status.defaultPartitionRows}").equals("0"));
        try (Connection c = sandbox.postgres().connect(); Statement st = c.createStatement()) {
            assertThat(text(st, "SELECT count(*) FROM workflow_events_default")).isEqualTo("0");
            assertThat(text(st, "SELECT count(DISTINCT tableoid) >= 15 FROM workflow_events")).as("a partition per month")
                    .isEqualTo("t");
        }
        await("the default-rows gauge at 0").atMost(WAIT).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .until(() -> metrics().lines().anyMatch(l -> l.startsWith("workflowdb_partition_default_rows{")
                        && l.contains("policy=\"workflow-events-monthly\"") && l.endsWith(" 0.0")));
        assertThat(kubectl.ok("describe", "wfpp", "workflow-events-monthly")).contains("DefaultRowsMoved");
    }

    private static String metrics() throws Exception {
        return io.workflowdb.operator.testing.MetricsScrape.scrape(
                java.net.URI.create("http://localhost:" + operator.httpPort() + "/q/metrics"));
    }

    private static String text(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void explainPrintsTheFieldDescriptionOfTheCrd() throws Exception {
        JsonNode crd = YAML.readTree(Path.of("deploy/crds/workflowdatabases.workflowdb.io-v1.yml").toFile());
        String description = crd.at("/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties/pgbouncer"
                + "/properties/poolMode/description").asText();
        assertThat(description).isNotEmpty();
        String output = kubectl.ok("explain", "wfdb.spec.pgbouncer.poolMode");
        assertThat(output.replaceAll("\\s+", " ")).contains("FIELD: poolMode", description.replaceAll("\\s+", " "));
    }

    @Test
    void anAppliedChangeOfAPolicyIsReconciled() throws Exception {
        String before = kubectl.ok("get", "retentionpolicy", "archive-completed-tasks", "-o",
                "jsonpath={.metadata.generation}");
        String edited = Files.readString(Path.of("examples/retentionpolicy.yaml"), StandardCharsets.UTF_8)
                .replaceFirst("batchSize: \\d+", "batchSize: 777");
        assertThat(edited).contains("batchSize: 777");
        Path file = DIRECTORY.resolve("retentionpolicy-edited.yaml");
        Files.writeString(file, edited, StandardCharsets.UTF_8);
        assertThat(kubectl.ok("apply", "-f", file.toString())).contains("retentionpolicy.workflowdb.io/archive-completed-tasks configured");
        String generation = kubectl.ok("get", "retentionpolicy", "archive-completed-tasks", "-o",
                "jsonpath={.metadata.generation}");
        assertThat(Long.parseLong(generation)).isEqualTo(Long.parseLong(before) + 1);
        await("observedGeneration " + generation).atMost(WAIT).pollInterval(Duration.ofSeconds(1))
                .until(() -> kubectl.ok("get", "retentionpolicy", "archive-completed-tasks", "-o",
                        "jsonpath={.status.observedGeneration}").equals(generation));
    }

    @Test
    void aSpecTheSchemaWouldRejectIsReportedAsInvalidSpec() throws Exception {
        Path file = DIRECTORY.resolve("partition-bad.yaml");
        Files.writeString(file, """
                apiVersion: workflowdb.io/v1alpha1
                kind: PartitionPolicy
                metadata:
                  name: bad-events
                  namespace: apps
                spec:
                  databaseRef:
                    name: workflow-db
                  table: workflow_events
                  column: occurred_at
                  range:
                    interval: month
                    premake: 0
                """, StandardCharsets.UTF_8);
        kubectl.ok("apply", "-f", file.toString());
        await("Ready=False InvalidSpec").atMost(WAIT).pollInterval(Duration.ofSeconds(1)).until(() -> kubectl.ok("get",
                "partitionpolicy", "bad-events", "-o",
                "jsonpath={.status.conditions[?(@.type==\"Ready\")].status} {.status.conditions[?(@.type==\"Ready\")].reason}")
                .equals("False InvalidSpec"));
        assertThat(kubectl.ok("describe", "partitionpolicy", "bad-events")).contains("InvalidSpec", "spec.range.premake");
        kubectl.ok("delete", "-f", file.toString());
    }

    @Test
    void describeShowsConditionsAndEvents() {
        await("the retention run's Event in kubectl describe").atMost(WAIT).pollInterval(Duration.ofSeconds(2))
                .ignoreExceptions().until(() -> {
                    String described = kubectl.ok("describe", "retentionpolicy", "archive-completed-tasks");
                    return described.contains("Conditions:") && described.contains("LastRunSucceeded")
                            && described.contains("Events:") && described.contains("RunSucceeded");
                });
        await("describe of the WorkflowDatabase").atMost(WAIT).ignoreExceptions().until(
                () -> kubectl.ok("describe", "wfdb", "workflow-db").contains("SchemaApplied"));
    }

    @Test
    void aManagedWorkflowDatabaseGetsItsObjectsButNoPods() throws Exception {
        String managed = Files.readString(Path.of("examples/workflowdatabase.yaml"), StandardCharsets.UTF_8)
                .replace("name: workflow-db\n", "name: managed-db\n");
        Path file = DIRECTORY.resolve("managed.yaml");
        Files.writeString(file, managed, StandardCharsets.UTF_8);
        kubectl.ok("apply", "-f", file.toString());
        await("the managed cluster's objects").atMost(WAIT).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .until(() -> {
                    String objects = kubectl.ok("get", "statefulset,svc,cm,secret", "-l",
                            "app.kubernetes.io/instance=managed-db");
                    return objects.contains("statefulset.apps/managed-db") && objects.contains("service/managed-db-primary")
                            && objects.contains("configmap/managed-db-patroni") && objects.contains("secret/managed-db-credentials");
                });
        assertThat(kubectl.ok("get", "pods")).doesNotContain("managed-db-0");
        kubectl.ok("delete", "-f", file.toString());
    }

    /** The READY column of every table in kubectl's output (one table per kind). */
    static List<String> readyColumn(List<String> lines) {
        List<String> values = new ArrayList<>();
        int column = -1;
        for (String line : lines) {
            if (line.isBlank()) {
                column = -1;
            } else if (line.startsWith("NAME")) {
                column = List.of(line.trim().split("\\s{2,}")).indexOf("READY");
            } else if (column >= 0) {
                String[] cells = line.trim().split("\\s{2,}");
                values.add(column < cells.length ? cells[column] : "");
            }
        }
        return values;
    }
}
