package io.workflowdb.operator.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.quarkus.test.junit.QuarkusTest;
import io.workflowdb.operator.api.v1alpha1.MonitoringSpec;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.testing.FlowDatabases;
import io.workflowdb.operator.testing.FlowTestBase;
import io.workflowdb.operator.testing.FlowTestBase.Flow;
import io.workflowdb.operator.testing.ServerLog;
import io.workflowdb.operator.testing.TestPostgres;

/**
 * Every file of the invalid corpus, applied through the operator on the mock API server, which stores
 * whatever it is sent (wrong types, unknown fields, integers beyond int32: what a real API server
 * refuses at admission). Each must end {@code Ready=False, reason=InvalidSpec} naming the file's field,
 * with no SQL run for it, and a valid policy created after them all must still run.
 *
 * <p>Each case gets a database of the embedded server that logs every statement: a WorkflowDatabase
 * case is pointed at it (through fields the case does not test), so it must log nothing; a policy
 * case refers to a Ready external WorkflowDatabase on it, whose own statements (connection probe,
 * health samples) are allowed, and anything else would be the policy's.
 */
@QuarkusTest
@Flow(namespace = InvalidCorpusFlowTest.NS, timeout = "corpus")
class InvalidCorpusFlowTest extends FlowTestBase {

    static final String NS = "corpus";
    static final String API_VERSION = "workflowdb.io/v1alpha1";
    static final String SECRET = "corpus-admin";
    static final String OPERATOR = "workflowdb-operator";

    @Test
    void everyInvalidResourceIsRefusedWithItsFieldAndRunsNoSql() throws Exception {
        List<CorpusCase> cases = CorpusCase.all();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(90);
        FlowDatabases.createSecret(client, NS, SECRET, TestPostgres.APP_USER, TestPostgres.APP_PASSWORD);
        for (CorpusCase c : cases) {
            loggedDatabase(database(c));
        }
        loggedDatabase("corpus_control");
        loggedDatabase("corpus_valid");
        // a Ready database for each policy case, one for the valid policy and one with no policy at all
        List<String> databases = new ArrayList<>(List.of("control", "valid"));
        cases.stream().filter(CorpusCase::isPolicy).forEach(c -> databases.add(String.valueOf(c.number())));
        for (String suffix : databases) {
            client.resource(workflowDatabase("db-" + suffix, "corpus_" + suffix)).inNamespace(NS).create();
        }
        for (String suffix : databases) {
            awaitDatabaseSampled("db-" + suffix);
        }
        // what the databases run themselves before any policy exists
        Set<String> own = operatorStatements(s -> s.database().startsWith("corpus_"));

        for (CorpusCase c : cases) {
            create(target(c));
        }
        create(validPolicy());

        Map<String, String> messages = awaitInvalidSpec(cases);
        awaitValidPolicyRan();
        for (CorpusCase c : cases) {
            assertThat(messages.get(c.name())).as(c + ": the message names " + c.field()).contains(c.field() + ": ");
        }
        // the control database, with no policy, ran through the same time: its statements are the databases' own too
        own.addAll(operatorStatements(s -> s.database().equals("corpus_control")));

        List<ServerLog.Statement> log = TestPostgres.log().statements();
        for (CorpusCase c : cases) {
            List<String> ran = log.stream().filter(s -> database(c).equals(s.database()))
                    .filter(s -> OPERATOR.equals(s.application())).map(ServerLog.Statement::text)
                    .filter(text -> !c.isPolicy() || !own.contains(text)).toList();
            assertThat(ran).as(c + ": statements the operator ran for it").isEmpty();
        }
        assertThat(log.stream().filter(s -> "corpus_valid".equals(s.database()))
                .filter(s -> OPERATOR.equals(s.application())).map(ServerLog.Statement::text)
                .filter(text -> !own.contains(text)).toList())
                .as("the valid policy's statements, which the check must be able to see").isNotEmpty();
    }

    /** Nothing of the corpus keeps sampling or reconciling while later test classes run in this JVM. */
    @AfterEach
    void deleteEverything() {
        for (String kind : List.of("RetentionPolicy", "PartitionPolicy", "MaintenancePolicy", "WorkflowDatabase")) {
            client.genericKubernetesResources(API_VERSION, kind).inNamespace(NS).delete();
        }
    }

    /** The case's resource in the test's namespace, pointed at its own database wherever the case allows. */
    static ObjectNode target(CorpusCase c) {
        ObjectNode resource = c.resource().deepCopy();
        ((ObjectNode) resource.get("metadata")).put("namespace", NS);
        JsonNode spec = resource.path("spec");
        if (!(spec instanceof ObjectNode s)) {
            return resource;
        }
        if (c.isPolicy()) {
            if (!c.concerns("spec.databaseRef")) {
                s.putObject("databaseRef").put("name", "db-" + c.number());
            }
        } else if (s.get("external") instanceof ObjectNode external) {
            if (!c.concerns("spec.external.hosts")) {
                external.putArray("hosts").add("localhost:" + TestPostgres.port());
            }
            if (!c.concerns("spec.external.database")) {
                external.put("database", database(c));
            }
            if (!c.concerns("spec.external.credentialsSecret")) {
                external.putObject("credentialsSecret").put("name", SECRET);
            }
            if (!c.concerns("spec.external.sslMode")) {
                external.put("sslMode", "disable");
            }
        } else if (!c.concerns("spec.database")) {
            s.put("database", database(c));
        }
        return resource;
    }

    static String database(CorpusCase c) {
        return "corpus_" + c.number();
    }

    static void loggedDatabase(String name) throws Exception {
        FlowDatabases.createDatabase(name);
        TestPostgres.logStatements(name);
    }

    static WorkflowDatabase workflowDatabase(String name, String database) {
        WorkflowDatabase db = FlowDatabases.external(NS, name, database, SECRET);
        db.getSpec().monitoring = new MonitoringSpec();
        db.getSpec().monitoring.healthCheckInterval = "5s";
        return db;
    }

    /** A due RetentionPolicy on a table of its own database: it runs at once. */
    static ObjectNode validPolicy() throws Exception {
        try (var c = TestPostgres.superuser("corpus_valid").getConnection(); var st = c.createStatement()) {
            st.execute("CREATE TABLE done_jobs (id bigint PRIMARY KEY, finished_at timestamptz NOT NULL)");
            st.execute("ALTER TABLE done_jobs OWNER TO " + TestPostgres.APP_USER);
            st.execute("INSERT INTO done_jobs SELECT g, now() - interval '30 days' FROM generate_series(1, 5) g");
        }
        ObjectNode policy = JsonNodeFactory.instance.objectNode().put("apiVersion", API_VERSION).put("kind", "RetentionPolicy");
        policy.putObject("metadata").put("name", "valid-after-the-corpus").put("namespace", NS);
        ObjectNode spec = policy.putObject("spec");
        spec.putObject("databaseRef").put("name", "db-valid");
        spec.put("table", "done_jobs").put("timestampColumn", "finished_at").put("olderThan", "7d").put("action", "delete");
        return policy;
    }

    void create(ObjectNode resource) {
        GenericKubernetesResource generic = client.getKubernetesSerialization().convertValue(resource,
                GenericKubernetesResource.class);
        client.genericKubernetesResources(API_VERSION, generic.getKind()).inNamespace(NS).resource(generic).create();
    }

    /** The Ready message of each case once every one is InvalidSpec. */
    Map<String, String> awaitInvalidSpec(List<CorpusCase> cases) {
        Map<String, String> messages = new LinkedHashMap<>();
        await().atMost(timeout).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            Set<String> kinds = cases.stream().map(CorpusCase::kind).collect(Collectors.toSet());
            for (String kind : kinds) {
                for (GenericKubernetesResource r : client.genericKubernetesResources(API_VERSION, kind).inNamespace(NS)
                        .list().getItems()) {
                    JsonNode ready = readyCondition(r);
                    if (ready != null && "InvalidSpec".equals(ready.path("reason").asText())
                            && "False".equals(ready.path("status").asText())) {
                        messages.put(r.getMetadata().getName(), ready.path("message").asText());
                    }
                }
            }
            assertThat(cases.stream().map(CorpusCase::name).filter(n -> !messages.containsKey(n)).toList())
                    .as("cases not yet Ready=False with reason InvalidSpec").isEmpty();
        });
        return messages;
    }

    void awaitValidPolicyRan() {
        await().atMost(timeout).untilAsserted(() -> {
            GenericKubernetesResource r = client.genericKubernetesResources(API_VERSION, "RetentionPolicy").inNamespace(NS)
                    .withName("valid-after-the-corpus").get();
            JsonNode status = client.getKubernetesSerialization().convertValue(r.getAdditionalProperties().get("status"),
                    JsonNode.class);
            assertThat(status.path("lastRun").path("outcome").asText()).isEqualTo("Succeeded");
            assertThat(status.path("lastRun").path("rows").asLong()).isEqualTo(5);
        });
    }

    /** Until the database is Ready and its first health sample reached status. */
    void awaitDatabaseSampled(String name) {
        await().atMost(timeout).until(() -> {
            WorkflowDatabase db = resource(WorkflowDatabase.class, name);
            return db != null && db.getStatus() != null && db.getStatus().health != null
                    && db.getStatus().health.checkedAt != null;
        });
    }

    JsonNode readyCondition(GenericKubernetesResource r) {
        JsonNode status = client.getKubernetesSerialization().convertValue(r.getAdditionalProperties().get("status"),
                JsonNode.class);
        if (status == null) {
            return null;
        }
        for (JsonNode condition : status.path("conditions")) {
            if ("Ready".equals(condition.path("type").asText())) {
                return condition;
            }
        }
        return null;
    }

    static Set<String> operatorStatements(Predicate<ServerLog.Statement> where) {
        return new HashSet<>(TestPostgres.log().statements().stream().filter(s -> s.database() != null)
                .filter(s -> OPERATOR.equals(s.application())).filter(where).map(ServerLog.Statement::text).toList());
    }
}
