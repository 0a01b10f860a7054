package io.workflowdb.operator.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.workflowdb.operator.api.v1alpha1.Condition;
import io.workflowdb.operator.api.v1alpha1.LocalObjectReference;
import io.workflowdb.operator.api.v1alpha1.PartitionPolicy;
import io.workflowdb.operator.api.v1alpha1.PartitionPolicySpec;
import io.workflowdb.operator.api.v1alpha1.PartitionPolicyStatus;
import io.workflowdb.operator.status.StatusAggregator;
import io.workflowdb.operator.testing.PatroniStandInResource;
import io.workflowdb.operator.testing.PostgresTestResource;
import io.workflowdb.operator.testing.FlowDatabases;
import io.workflowdb.operator.testing.MetricsScrape;
import io.workflowdb.operator.testing.TestPostgres;
import io.workflowdb.operator.testing.SpecEdits;

/** PartitionPolicies on the built-in workflow schema of an external database. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(PatroniStandInResource.class)
class PartitionFlowTest {

    static final String NS = "partitions";
    static final String DATABASE = "partition_flow";
    static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    KubernetesClient client;

    @TestHTTPResource("/q/metrics")
    URI metrics;

    @BeforeAll
    static void database() throws Exception {
        FlowDatabases.createDatabase(DATABASE);
    }

    @Test
    void monthlyAndHashPoliciesBecomeReadyAndListTheirPartitions() throws Exception {
        FlowDatabases.createExternal(client, NS, "workflow-db", DATABASE, FlowDatabases.workflowSchema());
        client.resource(policy("events-monthly", monthly())).inNamespace(NS).create();
        client.resource(policy("executions-hash", hash())).inNamespace(NS).create();

        Condition events = awaitReady("events-monthly");
        assertThat(events.reason).isEqualTo("Covered");
        PartitionPolicyStatus status = get("events-monthly").getStatus();
        assertThat(status.strategy).isEqualTo("range/month");
        assertThat(status.partitions).as("this month and three ahead").isEqualTo(4);
        assertThat(status.coveredUntil).isNotNull();
        assertThat(status.lastRun.outcome.name()).isEqualTo("Succeeded");
        assertThat(status.lastRun.created).isEqualTo(4);
        assertThat(status.lastRun.generation).isEqualTo(1L);
        assertThat(status.nextRun).isNotNull();
        assertThat(StatusAggregator.find(status, "PartitionsReady").status).isEqualTo("True");
        assertThat(partitionsOf("workflow_events")).hasSize(5).contains("workflow_events_default");

        Condition executions = awaitReady("executions-hash");
        assertThat(executions.reason).isEqualTo("Covered");
        assertThat(get("executions-hash").getStatus().partitions).isEqualTo(4);

        String scrape = await().atMost(WAIT).until(() -> MetricsScrape.scrape(metrics),
                m -> m.contains("policy=\"executions-hash\""));
        assertThat(scrape).containsPattern("workflowdb_partition_coverage_seconds\\{namespace=\"partitions\","
                + "policy=\"events-monthly\",table=\"workflow_events\"} [1-9][0-9.E]+")
                .contains("workflowdb_partition_partitions{namespace=\"partitions\",policy=\"executions-hash\","
                        + "table=\"task_executions\"} 4.0");
        assertThat(MetricsScrape.alertRuleMetrics("workflowdb_partition_")).hasSize(2)
                .allSatisfy(name -> assertThat(scrape).contains(name + "{"));
        assertThat(get("executions-hash").getStatus().lastRun.created).as("the migration made them").isZero();

        // a spec change runs at once, not at the next scheduled fire
        SpecEdits.edit(client, PartitionPolicy.class, NS, "events-monthly", p -> p.getSpec().range.premake = 5);
        await().atMost(WAIT).untilAsserted(() -> {
            PartitionPolicyStatus later = get("events-monthly").getStatus();
            assertThat(later.lastRun.generation).isEqualTo(2L);
            assertThat(later.partitions).isEqualTo(6);
        });

        await().atMost(WAIT).untilAsserted(() -> assertThat(client.v1().events().inNamespace(NS).list().getItems())
                .filteredOn(e -> "PartitionCreated".equals(e.getReason()))
                .extracting(Event::getMessage).hasSize(6).allMatch(m -> m.startsWith("created partition workflow_events_p")));
    }

    private static PartitionPolicySpec monthly() {
        PartitionPolicySpec spec = new PartitionPolicySpec();
        spec.table = "workflow_events";
        spec.column = "occurred_at";
        spec.range = new PartitionPolicySpec.RangeSpec();
        spec.range.interval = PartitionPolicySpec.RangeSpec.Interval.MONTH;
        spec.range.premake = 3;
        spec.retention = new PartitionPolicySpec.PartitionRetention();
        spec.retention.keep = 12;
        return spec;
    }

    private static PartitionPolicySpec hash() {
        PartitionPolicySpec spec = new PartitionPolicySpec();
        spec.table = "task_executions";
        spec.column = "task_id";
        spec.hash = new PartitionPolicySpec.HashSpec();
        spec.hash.modulus = 4;
        spec.defaultPartition = false;
        return spec;
    }

    private static PartitionPolicy policy(String name, PartitionPolicySpec spec) {
        PartitionPolicy policy = new PartitionPolicy();
        policy.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
        spec.databaseRef = new LocalObjectReference("workflow-db");
        policy.setSpec(spec);
        return policy;
    }

    private PartitionPolicy get(String name) {
        return client.resources(PartitionPolicy.class).inNamespace(NS).withName(name).get();
    }

    private Condition awaitReady(String name) {
        return await().atMost(WAIT).until(() -> {
            PartitionPolicy p = get(name);
            return p == null ? null : StatusAggregator.find(p.getStatus(), "Ready");
        }, c -> c != null && "True".equals(c.status));
    }

    private static List<String> partitionsOf(String table) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = TestPostgres.superuser(DATABASE).getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT inhrelid::regclass::text FROM pg_inherits WHERE inhparent = '"
                        + table + "'::regclass")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }
}
