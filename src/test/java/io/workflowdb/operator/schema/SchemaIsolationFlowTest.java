package io.workflowdb.operator.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.quarkus.test.junit.QuarkusTest;
import io.workflowdb.operator.api.v1alpha1.Condition;
import io.workflowdb.operator.api.v1alpha1.ConditionTypes;
import io.workflowdb.operator.api.v1alpha1.IndexColumn;
import io.workflowdb.operator.api.v1alpha1.IndexSpec;
import io.workflowdb.operator.api.v1alpha1.LocalObjectReference;
import io.workflowdb.operator.api.v1alpha1.MaintenancePolicy;
import io.workflowdb.operator.api.v1alpha1.MaintenancePolicyStatus;
import io.workflowdb.operator.api.v1alpha1.MigrationSource;
import io.workflowdb.operator.api.v1alpha1.PartitionPolicy;
import io.workflowdb.operator.api.v1alpha1.RetentionPolicy;
import io.workflowdb.operator.api.v1alpha1.RetentionPolicyStatus;
import io.workflowdb.operator.api.v1alpha1.SchemaSpec;
import io.workflowdb.operator.api.v1alpha1.SchemaStatus.SchemaFailure;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.retention.execute.RetentionDatabases;
import io.workflowdb.operator.status.StatusAggregator;
import io.workflowdb.operator.testing.FlowDatabases;
import io.workflowdb.operator.testing.FlowTestBase;
import io.workflowdb.operator.testing.FlowTestBase.Flow;
import io.workflowdb.operator.testing.MetricsScrape;
import io.workflowdb.operator.testing.SpecEdits;
import io.workflowdb.operator.testing.Sql;
import io.workflowdb.operator.testing.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One failing schema object stops nothing else: with the seed guide's index list verbatim, whose
 * estimated-completion index PostgreSQL refuses, or with a broken user migration, the database stays
 * Ready, names the failure on SchemaApplied, and its policies and health checks all run.
 */
@QuarkusTest
@Flow(namespace = SchemaIsolationFlowTest.NS, timeout = "all-policies")
class SchemaIsolationFlowTest extends FlowTestBase {

    static final String NS = "isolation";
    static final String SEED_INDEX = "idx_tasks_estimated_completion";

    @Test
    void theSeedsRefusedIndexIsNamedAndEveryPolicyAndHealthCheckRuns() throws Exception {
        FlowDatabases.createDatabase("isolation_seed");
        SchemaSpec schema = FlowDatabases.example("examples/workflowdatabase.yaml", WorkflowDatabase.class).getSpec().schema;
        schema.indexes = new ArrayList<>(schema.indexes);
        schema.indexes.replaceAll(i -> SEED_INDEX.equals(i.name) ? seedEstimatedCompletion() : i);
        FlowDatabases.createExternal(client, NS, "seed-db", "isolation_seed", schema);

        Condition applied = awaitCondition("seed-db", ConditionTypes.SCHEMA_APPLIED, c -> c.status.equals("False"));
        assertThat(applied.reason).isEqualTo("IndexFailed");
        assertThat(applied.message).startsWith(SEED_INDEX + ": ").contains("IMMUTABLE").contains("next attempt");
        Condition ready = awaitCondition("seed-db", ConditionTypes.READY, c -> true);
        assertThat(ready.status).isEqualTo("True");
        assertThat(ready.reason).isEqualTo("Connected");
        WorkflowDatabase db = get("seed-db");
        assertThat(db.getStatus().schema.indexes.failed).isEqualTo(1);
        assertThat(db.getStatus().schema.indexes.ready).isEqualTo(schema.indexes.size() - 1);
        assertThat(db.getStatus().schema.materializedViews).singleElement().satisfies(v -> assertThat(v.error).isNull());
        SchemaFailure failure = db.getStatus().schema.failures.get(0);
        assertThat(failure.kind).isEqualTo("index");
        assertThat(failure.name).isEqualTo(SEED_INDEX);
        assertThat(failure.attempts).isEqualTo(1);
        assertThat(failure.nextAttempt).isGreaterThan(failure.since);
        await().atMost(timeout).untilAsserted(() -> assertThat(events("seed-db", "SchemaObjectFailed"))
                .singleElement().satisfies(m -> assertThat(m).startsWith("index " + SEED_INDEX + " failed: ")));
        assertThat(MetricsScrape.scrape(metrics)).contains("workflowdb_schema_failing{database=\"seed-db\",kind=\"index\","
                + "namespace=\"" + NS + "\",object=\"" + SEED_INDEX + "\"} 1.0");

        DataSource data = TestPostgres.superuser("isolation_seed");
        Sql.execute(data, "INSERT INTO projects (id, name) VALUES (1, 'seed')");
        RetentionDatabases.insertTasks(data, 120, "completed", 120);
        PartitionPolicy partitions = example("examples/partition-policy-workflow-events.yaml", PartitionPolicy.class, "seed-db");
        RetentionPolicy retention = example("examples/retentionpolicy.yaml", RetentionPolicy.class, "seed-db");
        MaintenancePolicy maintenance = example("examples/maintenancepolicy.yaml", MaintenancePolicy.class, "seed-db");

        PartitionPolicy premade = await().atMost(timeout).until(() -> reread(partitions),
                p -> p.getStatus() != null && p.getStatus().coveredUntil != null);
        assertThat(StatusAggregator.find(premade.getStatus(), ConditionTypes.READY).status).isEqualTo("True");
        RetentionPolicyStatus archived = await().atMost(timeout).until(() -> reread(retention).getStatus(),
                s -> s != null && s.lastRun != null && s.lastRun.outcome == RetentionPolicyStatus.Run.Outcome.Succeeded);
        assertThat(archived.lastRun.rows).isEqualTo(120);
        MaintenancePolicyStatus maintained = await().atMost(timeout).until(() -> reread(maintenance).getStatus(),
                s -> s != null && s.lastRun != null && s.lastRun.outcome != MaintenancePolicyStatus.LastRun.Outcome.Running);
        assertThat(maintained.lastRun.outcome).isEqualTo(MaintenancePolicyStatus.LastRun.Outcome.Succeeded);
        WorkflowDatabase sampled = await().atMost(timeout).until(() -> get("seed-db"),
                d -> d.getStatus().health != null && d.getStatus().health.checkedAt != null);
        assertThat(sampled.getStatus().health.status).isNotNull();

        // the fix is tried at once, whatever the back-off said, and the failure is gone everywhere
        SpecEdits.edit(client, WorkflowDatabase.class, NS, "seed-db", d -> d.getSpec().schema.indexes
                .replaceAll(i -> SEED_INDEX.equals(i.name) ? immutableEstimatedCompletion() : i));
        awaitCondition("seed-db", ConditionTypes.SCHEMA_APPLIED, c -> c.status.equals("True"));
        assertThat(get("seed-db").getStatus().schema.failures).isNull();
        await().atMost(timeout).untilAsserted(() -> assertThat(events("seed-db", "SchemaObjectRecovered"))
                .containsExactly("index " + SEED_INDEX + " no longer fails"));
        assertThat(MetricsScrape.scrape(metrics)).doesNotContain("object=\"" + SEED_INDEX + "\"");
    }

    @Test
    void aBrokenMigrationHoldsTheLaterOnesAndNothingElse() throws Exception {
        FlowDatabases.createDatabase("isolation_migration");
        client.resource(new ConfigMapBuilder().withNewMetadata().withName("broken-migrations").withNamespace(NS)
                .endMetadata().withData(Map.of(
                        "V1__notes.sql", "CREATE TABLE notes (id int PRIMARY KEY, body text);",
                        "V2__broken.sql", "CREATE TABLE half (id int);\nINSERT INTO missing_table VALUES (1);",
                        "V3__later.sql", "CREATE TABLE later (id int PRIMARY KEY);"))
                .build()).inNamespace(NS).create();
        SchemaSpec schema = FlowDatabases.workflowSchema();
        MigrationSource source = new MigrationSource();
        source.configMapRef = new LocalObjectReference("broken-migrations");
        schema.migrations = List.of(source);
        schema.indexes = List.of(index("idx_notes_body", "notes", "body"), index("idx_tasks_title", "tasks", "title"));
        FlowDatabases.createExternal(client, NS, "migration-db", "isolation_migration", schema);

        Condition applied = awaitCondition("migration-db", ConditionTypes.SCHEMA_APPLIED,
                c -> c.status.equals("False") && get("migration-db").getStatus().schema.indexes != null);
        assertThat(applied.reason).isEqualTo("MigrationFailed");
        assertThat(applied.message).startsWith("V2__broken.sql: statement at line 2: ").contains("missing_table");
        assertThat(awaitCondition("migration-db", ConditionTypes.READY, c -> true).status).isEqualTo("True");
        WorkflowDatabase db = get("migration-db");
        assertThat(db.getStatus().schema.pendingMigrations).as("V2 and V3 wait").isEqualTo(2);
        assertThat(db.getStatus().schema.indexes.ready).as("both indexes on existing tables").isEqualTo(2);
        assertThat(db.getStatus().schema.failures).extracting(f -> f.kind + " " + f.name)
                .containsExactly("migration V2__broken.sql");
        long tables = RetentionDatabases.count(TestPostgres.superuser("isolation_migration"),
                "SELECT count(*) FROM pg_tables WHERE tablename IN ('half', 'later')");
        assertThat(tables).as("the failed migration rolled back and the later one waits").isZero();

        PartitionPolicy partitions = example("examples/partition-policy-workflow-events.yaml", PartitionPolicy.class,
                "migration-db");
        PartitionPolicy premade = await().atMost(timeout).until(() -> reread(partitions),
                p -> p.getStatus() != null && p.getStatus().coveredUntil != null);
        assertThat(StatusAggregator.find(premade.getStatus(), ConditionTypes.READY).status).isEqualTo("True");
        await().atMost(timeout).until(() -> get("migration-db").getStatus().health != null);
    }

    /** The guide's index as written: timestamptz + interval is not IMMUTABLE, so PostgreSQL refuses it. */
    private static IndexSpec seedEstimatedCompletion() {
        IndexSpec spec = new IndexSpec();
        spec.name = SEED_INDEX;
        spec.table = "tasks";
        IndexColumn expression = new IndexColumn();
        expression.expression = "(created_at + (requirements->>'estimated_hours')::interval)";
        spec.columns = List.of(expression);
        return spec;
    }

    private static IndexSpec immutableEstimatedCompletion() {
        IndexSpec spec = seedEstimatedCompletion();
        spec.columns.get(0).expression =
                "((created_at AT TIME ZONE 'UTC') + make_interval(hours => (requirements->>'estimated_hours')::int))";
        return spec;
    }

    private static IndexSpec index(String name, String table, String column) {
        IndexSpec spec = new IndexSpec();
        spec.name = name;
        spec.table = table;
        IndexColumn c = new IndexColumn();
        c.column = column;
        spec.columns = List.of(c);
        return spec;
    }

    /** Creates an example policy in this test's namespace, pointed at {@code database}. */
    private <T extends HasMetadata> T example(String path, Class<T> type, String database) throws Exception {
        T policy = FlowDatabases.example(path, type);
        policy.getMetadata().setNamespace(NS);
        policy.getMetadata().setName(policy.getMetadata().getName() + "-" + database);
        if (policy instanceof PartitionPolicy p) {
            p.getSpec().databaseRef = new LocalObjectReference(database);
        } else if (policy instanceof RetentionPolicy r) {
            r.getSpec().databaseRef = new LocalObjectReference(database);
        } else if (policy instanceof MaintenancePolicy m) {
            m.getSpec().databaseRef = new LocalObjectReference(database);
        }
        return client.resource(policy).inNamespace(NS).create();
    }

    @SuppressWarnings("unchecked")
    private <T extends HasMetadata> T reread(T resource) {
        return (T) client.resources(resource.getClass()).inNamespace(NS).withName(resource.getMetadata().getName()).get();
    }

    private WorkflowDatabase get(String name) {
        return resource(WorkflowDatabase.class, name);
    }

    private List<String> events(String object, String reason) {
        return client.v1().events().inNamespace(NS).list().getItems().stream()
                .filter(e -> object.equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason()))
                .map(Event::getMessage).toList();
    }

    private Condition awaitCondition(String name, String type, Predicate<Condition> test) {
        return awaitCondition(WorkflowDatabase.class, name, type, test);
    }
}
