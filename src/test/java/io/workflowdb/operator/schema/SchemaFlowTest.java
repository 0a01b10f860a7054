package io.workflowdb.operator.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.quarkus.test.junit.QuarkusTest;
import io.workflowdb.operator.api.v1alpha1.Condition;
import io.workflowdb.operator.api.v1alpha1.LocalObjectReference;
import io.workflowdb.operator.api.v1alpha1.MigrationSource;
import io.workflowdb.operator.api.v1alpha1.SchemaSpec;
import io.workflowdb.operator.api.v1alpha1.SchemaStatus;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.testing.FlowDatabases;
import io.workflowdb.operator.testing.FlowTestBase;
import io.workflowdb.operator.testing.FlowTestBase.Flow;

/** spec.schema on an external database: the mock API server and the embedded PostgreSQL. */
@QuarkusTest
@Flow(namespace = SchemaFlowTest.NS)
class SchemaFlowTest extends FlowTestBase {

    static final String NS = "schema";

    @Test
    void theExampleSchemaIsAppliedAndCounted() throws Exception {
        FlowDatabases.createDatabase("schema_example");
        SchemaSpec schema = FlowDatabases.example("examples/workflowdatabase.yaml", WorkflowDatabase.class).getSpec().schema;
        FlowDatabases.createExternal(client, NS, "example-db", "schema_example", schema);

        Condition applied = awaitCondition("example-db", "SchemaApplied", c -> c.status.equals("True"));
        assertThat(applied.reason).isEqualTo("Applied");
        SchemaStatus status = resource(WorkflowDatabase.class, "example-db").getStatus().schema;
        assertThat(status.indexes.ready).isEqualTo(schema.indexes.size());
        assertThat(status.indexes.failed).isZero();
        assertThat(status.pendingMigrations).isZero();
        assertThat(status.version).isNotNull();
        assertThat(status.materializedViews).singleElement().satisfies(v -> {
            assertThat(v.name).isEqualTo("daily_task_metrics");
            assertThat(v.lastRefreshTime).isNotNull();
            assertThat(v.error).isNull();
        });
        assertThat(awaitCondition("example-db", "Ready", c -> true).status).isEqualTo("True");
    }

    @Test
    void aFailingUserMigrationIsNamedAndTheDatabaseStaysReady() throws Exception {
        FlowDatabases.createDatabase("schema_failing");
        client.resource(new ConfigMapBuilder().withNewMetadata().withName("bad-migrations").withNamespace(NS)
                .endMetadata().withData(Map.of("V1__good.sql", "CREATE TABLE notes (id int PRIMARY KEY);",
                        "V2__broken.sql", "CREATE TABLE half (id int); INSERT INTO missing_table VALUES (1);"))
                .build()).inNamespace(NS).create();
        SchemaSpec schema = new SchemaSpec();
        MigrationSource source = new MigrationSource();
        source.configMapRef = new LocalObjectReference("bad-migrations");
        schema.migrations = List.of(source);
        FlowDatabases.createExternal(client, NS, "failing-db", "schema_failing", schema);

        Condition failed = awaitCondition("failing-db", "SchemaApplied", c -> c.status.equals("False"));
        assertThat(failed.reason).isEqualTo("MigrationFailed");
        assertThat(failed.message).contains("V2__broken.sql").contains("missing_table");
        Condition ready = awaitCondition("failing-db", "Ready", c -> true);
        assertThat(ready.status).isEqualTo("True");
        assertThat(ready.reason).isEqualTo("Connected");
    }

    private Condition awaitCondition(String name, String type, Predicate<Condition> test) {
        return awaitCondition(WorkflowDatabase.class, name, type, test);
    }
}
