package io.workflowdb.operator.health;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.workflowdb.operator.api.v1alpha1.Condition;
import io.workflowdb.operator.api.v1alpha1.ConditionTypes;
import io.workflowdb.operator.api.v1alpha1.HealthStatus;
import io.workflowdb.operator.api.v1alpha1.HealthStatus.Level;
import io.workflowdb.operator.api.v1alpha1.MonitoringSpec;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.status.StatusAggregator;
import io.workflowdb.operator.testing.FlowDatabases;
import io.workflowdb.operator.testing.FlowTestBase;
import io.workflowdb.operator.testing.FlowTestBase.Flow;
import io.workflowdb.operator.testing.MetricsScrape;
import io.workflowdb.operator.testing.SpecEdits;
import io.workflowdb.operator.testing.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Health of an external database: status, the Healthy condition, Events on transitions, metrics and alert rules. */
@QuarkusTest
@Flow(namespace = "health", database = "health_flow")
class HealthFlowTest extends FlowTestBase {

    @Test
    void aThresholdCrossedShowsInStatusEventsAndMetricsAndRecovers() throws Exception {
        WorkflowDatabase db = FlowDatabases.external(namespace, "health-db", database, "health-db-admin");
        FlowDatabases.createSecret(client, namespace, "health-db-admin", TestPostgres.APP_USER,
                TestPostgres.APP_PASSWORD);
        db.getSpec().monitoring = new MonitoringSpec();
        db.getSpec().monitoring.healthCheckInterval = "5s";
        db.getSpec().monitoring.thresholds = new MonitoringSpec.Thresholds();
        db.getSpec().monitoring.thresholds.databaseSizeMB = 1L;
        client.resource(db).inNamespace(namespace).create();

        HealthStatus warning = await().atMost(timeout).until(() -> health(), h -> h != null && h.status == Level.WARNING);
        assertThat(warning.checkedAt).isNotNull();
        assertThat(warning.checks).extracting(c -> c.name).contains("active_connections", "database_size_mb",
                "slow_queries", "cache_hit_ratio", "connection_usage_percent", "oldest_transaction_seconds",
                "xid_age_percent", "invalid_indexes", "dead_tuple_ratio_percent", "waiting_locks");
        assertThat(warning.checks).filteredOn(c -> c.status == Level.WARNING).extracting(c -> c.name)
                .containsExactly("database_size_mb");
        Condition healthy = StatusAggregator.find(get().getStatus(), ConditionTypes.HEALTHY);
        assertThat(healthy.status).isEqualTo("False");
        assertThat(healthy.reason).isEqualTo("ChecksWarning");
        assertThat(healthy.message).startsWith("database_size_mb WARNING (");
        assertThat(StatusAggregator.find(get().getStatus(), "Ready").status).as("health never gates Ready").isEqualTo("True");
        assertThat(healthCheckRows()).as("the DBA's function, installed by the monitor").isEqualTo(4);
        await().atMost(timeout).untilAsserted(() -> assertThat(eventMessages("HealthDegraded")).singleElement().asString()
                .startsWith("database_size_mb WARNING"));

        String scrape = await().atMost(timeout).until(() -> MetricsScrape.scrape(metrics), s -> s.contains("database=\"health-db\""));
        assertThat(scrape).containsPattern("workflowdb_health_status\\{check=\"database_size_mb\",database=\"health-db\","
                + "namespace=\"health\",subject=\"\"} 1\\.0")
                .containsPattern("workflowdb_health_value\\{check=\"cache_hit_ratio\",database=\"health-db\"")
                .contains("workflowdb_health_overall{database=\"health-db\",namespace=\"health\"} 1.0")
                .contains("workflowdb_health_sampled_timestamp_seconds{database=\"health-db\"");
        // the SDK's reconcile metrics are per kind, never one series (or histogram) per resource
        assertThat(scrape.lines().filter(l -> l.startsWith("operator_sdk_reconciliations_started_total{")))
                .anyMatch(l -> l.contains("kind=\"WorkflowDatabase\""))
                .noneMatch(l -> l.contains("name=\"health-db\""));
        assertThat(scrape.lines().filter(l -> l.startsWith("operator_sdk_")))
                .isNotEmpty().noneMatch(l -> l.contains("health-db"));
        assertThat(MetricsScrape.alertRuleMetrics("workflowdb_health_")).hasSizeGreaterThan(2).allSatisfy(name -> assertThat(scrape).contains(name + "{"));

        // a steady sample is not written again: status keeps its resourceVersion for several intervals
        String version = get().getMetadata().getResourceVersion();
        Thread.sleep(11_000);
        assertThat(get().getMetadata().getResourceVersion()).isEqualTo(version);

        SpecEdits.edit(client, WorkflowDatabase.class, namespace, "health-db",
                raised -> raised.getSpec().monitoring.thresholds.databaseSizeMB = 100_000L);
        await().atMost(timeout).until(() -> health(), h -> h.status == Level.OK);
        assertThat(StatusAggregator.find(get().getStatus(), ConditionTypes.HEALTHY).reason).isEqualTo("ChecksPassed");
        await().atMost(timeout).untilAsserted(() -> assertThat(eventMessages("HealthRecovered")).singleElement().asString()
                .startsWith("database_size_mb OK"));
    }

    private long healthCheckRows() {
        return count("SELECT count(*) FROM workflowdb.database_health_check()");
    }

    private HealthStatus health() {
        WorkflowDatabase db = get();
        return db == null || db.getStatus() == null ? null : db.getStatus().health;
    }

    private WorkflowDatabase get() {
        return resource(WorkflowDatabase.class, "health-db");
    }
}
