package io.workflowdb.operator.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.quarkus.test.junit.QuarkusTest;
import io.workflowdb.operator.api.v1alpha1.Condition;
import io.workflowdb.operator.api.v1alpha1.LocalObjectReference;
import io.workflowdb.operator.api.v1alpha1.PartitionPolicy;
import io.workflowdb.operator.api.v1alpha1.PartitionPolicySpec;
import io.workflowdb.operator.api.v1alpha1.PartitionPolicyStatus;
import io.workflowdb.operator.status.StatusAggregator;
import io.workflowdb.operator.testing.FlowDatabases;
import io.workflowdb.operator.testing.FlowTestBase;
import io.workflowdb.operator.testing.FlowTestBase.Flow;
import io.workflowdb.operator.testing.MetricsScrape;
import io.workflowdb.operator.testing.SpecEdits;
import io.workflowdb.operator.testing.Sql;
import io.workflowdb.operator.testing.TestPostgres;

/** PartitionPolicies on the built-in workflow schema of an external database. */
@QuarkusTest
@Flow(namespace = "partitions", database = "partition_flow")
class PartitionFlowTest extends FlowTestBase {

    @Test
    void monthlyAndHashPoliciesBecomeReadyAndListTheirPartitions() throws Exception {
        FlowDatabases.createExternal(client, namespace, "workflow-db", database, FlowDatabases.workflowSchema());
        client.resource(policy("events-monthly", monthly())).inNamespace(namespace).create();
        client.resource(policy("executions-hash", hash())).inNamespace(namespace).create();

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

        String scrape = await().atMost(timeout).until(() -> MetricsScrape.scrape(metrics),
                m -> m.contains("policy=\"executions-hash\""));
        assertThat(scrape).containsPattern("workflowdb_partition_coverage_seconds\\{namespace=\"partitions\","
                + "policy=\"events-monthly\",table=\"workflow_events\"} [1-9][0-9.E]+")
                .contains("workflowdb_partition_partitions{namespace=\"partitions\",policy=\"executions-hash\","
                        + "table=\"task_executions\"} 4.0");
        assertThat(MetricsScrape.alertRuleMetrics("workflowdb_partition_")).hasSize(2)
                .allSatisfy(name -> assertThat(scrape).contains(name + "{"));
        assertThat(get("executions-hash").getStatus().lastRun.created).as("the migration made them").isZero();

        // a spec change runs at once, not at the next scheduled fire
        SpecEdits.edit(client, PartitionPolicy.class, namespace, "events-monthly", p -> p.getSpec().range.premake = 5);
        await().atMost(timeout).untilAsserted(() -> {
            PartitionPolicyStatus later = get("events-monthly").getStatus();
            assertThat(later.lastRun.generation).isEqualTo(2L);
            assertThat(later.partitions).isEqualTo(6);
        });

        await().atMost(timeout).untilAsserted(() -> assertThat(eventMessages("PartitionCreated")).hasSize(6).allMatch(m -> m.startsWith("created partition workflow_events_p")));
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

    private PartitionPolicy policy(String name, PartitionPolicySpec spec) {
        PartitionPolicy policy = new PartitionPolicy();
        policy.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        spec.databaseRef = new LocalObjectReference("workflow-db");
        policy.setSpec(spec);
        return policy;
    }

    private PartitionPolicy get(String name) {
        return resource(PartitionPolicy.class, name);
    }

    private Condition awaitReady(String name) {
        return awaitCondition(PartitionPolicy.class, name, "Ready", c -> "True".equals(c.status));
    }

    private List<String> partitionsOf(String table) {
        return Sql.strings(TestPostgres.superuser(database),
                "SELECT inhrelid::regclass::text FROM pg_inherits WHERE inhparent = '" + table + "'::regclass");
    }
}
