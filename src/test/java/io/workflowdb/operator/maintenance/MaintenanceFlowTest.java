package io.workflowdb.operator.maintenance;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.workflowdb.operator.api.v1alpha1.Condition;
import io.workflowdb.operator.api.v1alpha1.ConditionTypes;
import io.workflowdb.operator.api.v1alpha1.MaintenancePolicy;
import io.workflowdb.operator.api.v1alpha1.MaintenancePolicyStatus;
import io.workflowdb.operator.api.v1alpha1.MaintenancePolicyStatus.ActionResult;
import io.workflowdb.operator.api.v1alpha1.RunRecord.Outcome;
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

/** The example daily maintenance on an external database with the example schema, as a user applies both. */
@QuarkusTest
@Flow(namespace = "maintenance", database = "maintenance_flow")
class MaintenanceFlowTest extends FlowTestBase {

    @Test
    void theExampleRunsEveryActionReportsAndAFailureShows() throws Exception {
        FlowDatabases.createExternal(client, namespace, "workflow-db", database,
                FlowDatabases.example("examples/workflowdatabase.yaml", WorkflowDatabase.class).getSpec().schema);
        await().atMost(timeout).until(() -> count("SELECT count(*) FROM pg_matviews WHERE matviewname = 'daily_task_metrics'"
                + " AND ispopulated") == 1);
        var db = TestPostgres.superuser(database);
        Sql.execute(db, "INSERT INTO projects (id, name) VALUES (1, 'seed')");
        RetentionDatabases.insertTasks(db, 300, "completed", 2);

        MaintenancePolicy example = FlowDatabases.example("examples/maintenancepolicy.yaml", MaintenancePolicy.class);
        example.getMetadata().setNamespace(namespace);
        client.resource(example).inNamespace(namespace).create();

        MaintenancePolicyStatus status = await().atMost(timeout).until(() -> get().getStatus(),
                s -> s != null && s.lastRun != null && s.lastRun.outcome == Outcome.Succeeded);
        assertThat(status.lastRun.actions).extracting(a -> a.name).containsExactly("analyze", "vacuum tasks",
                "vacuum task_executions", "vacuum workflow_events", "refresh daily_task_metrics",
                "reindex invalid indexes", "report unused indexes", "report bloat", "report sizes");
        assertThat(status.lastRun.actions).allSatisfy(a -> assertThat(a.outcome).as(a.name + ": " + a.message)
                .isEqualTo(ActionResult.Outcome.Succeeded));
        assertThat(status.lastRun.generation).isEqualTo(1L);
        assertThat(status.lastRun.finishedAt).isNotNull();
        assertThat(status.nextRun).endsWith("T01:00:00Z");
        assertThat(status.reports.statsSince).isNotNull();
        assertThat(status.reports.sizes.tables).extracting(t -> t.table).contains("public.tasks");
        assertThat(status.reports.unusedIndexes).extracting(i -> i.index).doesNotContain("public.tasks_pkey");
        assertThat(count("SELECT sum(tasks_created) FROM daily_task_metrics")).as("refreshed").isEqualTo(300);
        Condition ready = StatusAggregator.find(status, ConditionTypes.READY);
        assertThat(ready.status).isEqualTo("True");
        assertThat(ready.reason).isEqualTo("Scheduled");
        assertThat(status.observedGeneration).isEqualTo(1L);
        await().atMost(timeout).untilAsserted(() -> assertThat(eventMessages("RunSucceeded")).containsExactly("9 actions succeeded"));

        SpecEdits.edit(client, MaintenancePolicy.class, namespace, "daily-maintenance",
                p -> p.getSpec().vacuum.tables = List.of("tasks", "no_such_table"));

        MaintenancePolicyStatus failed = await().atMost(timeout).until(() -> get().getStatus(),
                s -> s.lastRun.generation == 2L && s.lastRun.outcome == Outcome.Failed);
        assertThat(failed.lastRun.actions).filteredOn(a -> a.outcome == ActionResult.Outcome.Failed).extracting(a -> a.name)
                .containsExactly("vacuum no_such_table");
        assertThat(failed.lastRun.actions).extracting(a -> a.name).contains("refresh daily_task_metrics", "report sizes");
        assertThat(failed.reports.sizes.growthBytesSinceLastRun).isNotNull();
        Condition notReady = StatusAggregator.find(failed, ConditionTypes.READY);
        assertThat(notReady.status).isEqualTo("False");
        assertThat(notReady.reason).isEqualTo("ActionFailed");
        assertThat(notReady.message).contains("vacuum no_such_table (relation \"no_such_table\" does not exist)");
        await().atMost(timeout).untilAsserted(() -> assertThat(client.v1().events().inNamespace(namespace).list().getItems())
                .filteredOn(e -> "RunFailed".equals(e.getReason())).singleElement()
                .satisfies(e -> assertThat(e.getType()).isEqualTo("Warning")));
        String scrape = MetricsScrape.scrape(metrics);
        assertThat(scrape).contains("workflowdb_maintenance_actions_total{namespace=\"maintenance\",outcome=\"Failed\","
                + "policy=\"daily-maintenance\"} 1.0");
        assertThat(MetricsScrape.alertRuleMetrics("workflowdb_maintenance_")).isNotEmpty()
                .allSatisfy(name -> assertThat(scrape).contains(name + "{"));
    }

    private MaintenancePolicy get() {
        return resource(MaintenancePolicy.class, "daily-maintenance");
    }
}
