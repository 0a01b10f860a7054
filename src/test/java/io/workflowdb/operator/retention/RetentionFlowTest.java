package io.workflowdb.operator.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.quarkus.test.junit.QuarkusTest;
import io.workflowdb.operator.api.v1alpha1.Condition;
import io.workflowdb.operator.api.v1alpha1.LocalObjectReference;
import io.workflowdb.operator.api.v1alpha1.RetentionPolicy;
import io.workflowdb.operator.api.v1alpha1.RetentionPolicySpec;
import io.workflowdb.operator.api.v1alpha1.RetentionPolicyStatus;
import io.workflowdb.operator.api.v1alpha1.RunRecord.Outcome;
import io.workflowdb.operator.retention.execute.RetentionDatabases;
import io.workflowdb.operator.status.StatusAggregator;
import io.workflowdb.operator.testing.FlowDatabases;
import io.workflowdb.operator.testing.FlowTestBase;
import io.workflowdb.operator.testing.FlowTestBase.Flow;
import io.workflowdb.operator.testing.MetricsScrape;
import io.workflowdb.operator.testing.SpecEdits;
import io.workflowdb.operator.testing.Sql;
import io.workflowdb.operator.testing.TestPostgres;

/** The seed's archival as a RetentionPolicy on the built-in workflow schema of an external database. */
@QuarkusTest
@Flow(namespace = "retention", database = "retention_flow")
class RetentionFlowTest extends FlowTestBase {

    @Test
    void aDuePolicyArchivesAndReportsItsCounts() throws Exception {
        FlowDatabases.createExternal(client, namespace, "workflow-db", database, FlowDatabases.workflowSchema());
        await().atMost(timeout).until(() -> count("SELECT count(*) FROM pg_class WHERE relname = 'tasks_archive'") == 1);
        var db = TestPostgres.superuser(database);
        Sql.execute(db, "INSERT INTO projects (id, name) VALUES (1, 'seed')");
        RetentionDatabases.insertTasks(db, 230, "completed", 120);
        RetentionDatabases.insertTasks(db, 40, "completed", 30);
        RetentionDatabases.insertTasks(db, 25, "failed", 120);

        client.resource(policy()).inNamespace(namespace).create();

        RetentionPolicyStatus status = await().atMost(timeout).until(() -> get().getStatus(),
                s -> s != null && s.lastRun != null && s.lastRun.outcome == Outcome.Succeeded);
        assertThat(status.lastRun.rows).isEqualTo(230);
        assertThat(status.lastRun.batches).isEqualTo(3);
        assertThat(status.lastRun.generation).isEqualTo(1L);
        assertThat(status.lastRun.finishedAt).isNotNull();
        assertThat(status.totalRows).isEqualTo(230);
        assertThat(status.nextRun).isNotNull();
        Condition ready = StatusAggregator.find(status, "Ready");
        assertThat(ready.status).isEqualTo("True");
        assertThat(ready.reason).isEqualTo("Scheduled");
        assertThat(StatusAggregator.find(status, "LastRunSucceeded").status).isEqualTo("True");
        assertThat(count("SELECT count(*) FROM tasks")).isEqualTo(65);
        assertThat(count("SELECT count(*) FROM tasks_archive")).isEqualTo(230);
        assertThat(count("SELECT count(*) FROM workflow_events WHERE event_type = 'data_archival'"
                + " AND (event_data->>'rows')::int = 230")).isEqualTo(1);
        await().atMost(timeout).untilAsserted(() -> assertThat(eventMessages("RunSucceeded"))
                .containsExactly("230 rows archived in 3 batches"));
        assertThat(MetricsScrape.scrape(metrics)).contains("workflowdb_retention_rows_total{action=\"archive\","
                + "namespace=\"retention\",policy=\"archive-completed-tasks\",table=\"tasks\"} 230.0");

        // a new spec starts a run at once: a dry run counts the rows a run would move and moves none
        RetentionDatabases.insertTasks(db, 17, "completed", 100);
        SpecEdits.edit(client, RetentionPolicy.class, namespace, "archive-completed-tasks", p -> p.getSpec().dryRun = true);
        RetentionPolicyStatus dry = await().atMost(timeout).until(() -> get().getStatus(),
                s -> s.lastRun.generation == 2L && s.lastRun.outcome == Outcome.DryRun);
        assertThat(dry.lastRun.rows).isEqualTo(17);
        assertThat(dry.totalRows).isEqualTo(230);
        assertThat(dry.observedGeneration).isEqualTo(2L);
        assertThat(count("SELECT count(*) FROM tasks")).isEqualTo(82);
    }

    private RetentionPolicy policy() {
        RetentionPolicy policy = new RetentionPolicy();
        policy.setMetadata(new ObjectMetaBuilder().withName("archive-completed-tasks").withNamespace(namespace).build());
        RetentionPolicySpec spec = RetentionDatabases.seedArchival();
        spec.databaseRef = new LocalObjectReference("workflow-db");
        spec.schedule = "0 2 * * 0";
        policy.setSpec(spec);
        return policy;
    }

    private RetentionPolicy get() {
        return resource(RetentionPolicy.class, "archive-completed-tasks");
    }
}
