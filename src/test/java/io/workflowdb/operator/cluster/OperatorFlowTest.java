package io.workflowdb.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.quarkus.test.junit.QuarkusTest;
import io.workflowdb.operator.api.v1alpha1.BaseStatus;
import io.workflowdb.operator.api.v1alpha1.Condition;
import io.workflowdb.operator.api.v1alpha1.LocalObjectReference;
import io.workflowdb.operator.api.v1alpha1.PartitionPolicy;
import io.workflowdb.operator.api.v1alpha1.PartitionPolicySpec;
import io.workflowdb.operator.api.v1alpha1.RetentionPolicy;
import io.workflowdb.operator.api.v1alpha1.RetentionPolicySpec;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabaseStatus;
import io.workflowdb.operator.sql.DatabasePools;
import io.workflowdb.operator.status.StatusAggregator;
import io.workflowdb.operator.testing.FlowDatabases;
import io.workflowdb.operator.testing.FlowTestBase;
import io.workflowdb.operator.testing.PatroniStandInResource;
import io.workflowdb.operator.testing.PatroniStandIn;
import io.workflowdb.operator.testing.TestPostgres;
import io.workflowdb.operator.testing.Timeouts;

/** The operator against the Kubernetes mock server (CRUD mode) and a real PostgreSQL. */
@QuarkusTest
class OperatorFlowTest extends FlowTestBase {

    static final String NS = "apps";
    static final Duration WAIT = Timeouts.RECONCILE;

    @Inject
    DatabasePools pools;

    OperatorFlowTest() {
        super(NS, null, WAIT);
    }

    @Test
    void policyWaitsForItsDatabaseThenBecomesReady() throws Exception {
        try (var c = TestPostgres.superuser(TestPostgres.APP_DATABASE).getConnection(); var st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS flow_probe (id bigint PRIMARY KEY, completed_at timestamptz)");
            st.execute("ALTER TABLE flow_probe OWNER TO " + TestPostgres.APP_USER);
        }
        FlowDatabases.createSecret(client, NS, "flow-admin", TestPostgres.APP_USER, TestPostgres.APP_PASSWORD);
        client.resource(retentionPolicy("archive-tasks", "flow-db")).inNamespace(NS).create();

        Condition missing = awaitReady(RetentionPolicy.class, "archive-tasks", "False");
        assertThat(missing.reason).isEqualTo("DatabaseNotFound");
        assertThat(missing.message).contains("flow-db");

        client.resource(FlowDatabases.external(NS, "flow-db", TestPostgres.APP_DATABASE, "flow-admin")).inNamespace(NS).create();
        Condition connected = awaitReady(WorkflowDatabase.class, "flow-db", "True");
        assertThat(connected.reason).isEqualTo("Connected");
        WorkflowDatabaseStatus status = get(WorkflowDatabase.class, "flow-db").getStatus();
        assertThat(status.phase).isEqualTo(WorkflowDatabaseStatus.Phase.Running);
        assertThat(status.primary).isEqualTo("localhost:" + TestPostgres.port());

        Condition ready = awaitReason(RetentionPolicy.class, "archive-tasks", "Scheduled");
        assertThat(ready.status).as("its first run done, the next one scheduled").isEqualTo("True");
        assertThat(get(RetentionPolicy.class, "archive-tasks").getStatus().observedGeneration).isEqualTo(1L);

        client.resources(WorkflowDatabase.class).inNamespace(NS).withName("flow-db").delete();
        await().atMost(WAIT).until(() -> !pools.isOpen(NS + "/flow-db"));
        Condition gone = awaitReason(RetentionPolicy.class, "archive-tasks", "DatabaseNotFound");
        assertThat(gone.status).isEqualTo("False");
    }

    @Test
    void invalidSpecIsReportedOnceWithoutARetryStorm() throws InterruptedException {
        PartitionPolicy policy = new PartitionPolicy();
        policy.setMetadata(new ObjectMetaBuilder().withName("both-strategies").withNamespace(NS).build());
        policy.setSpec(new PartitionPolicySpec());
        policy.getSpec().databaseRef = new LocalObjectReference("any-db");
        policy.getSpec().table = "workflow_events";
        policy.getSpec().column = "occurred_at";
        policy.getSpec().range = new PartitionPolicySpec.RangeSpec();
        policy.getSpec().range.interval = PartitionPolicySpec.RangeSpec.Interval.MONTH;
        policy.getSpec().hash = new PartitionPolicySpec.HashSpec();
        policy.getSpec().hash.modulus = 4;
        policy.getSpec().schedule = "61 * * * *";
        client.resource(policy).inNamespace(NS).create();

        Condition invalid = awaitReason(PartitionPolicy.class, "both-strategies", "InvalidSpec");
        assertThat(invalid.status).isEqualTo("False");
        assertThat(invalid.message).contains("spec: set exactly one of range or hash");

        String resourceVersion = get(PartitionPolicy.class, "both-strategies").getMetadata().getResourceVersion();
        Thread.sleep(3000);
        PartitionPolicy later = get(PartitionPolicy.class, "both-strategies");
        assertThat(later.getMetadata().getResourceVersion()).as("no further status writes").isEqualTo(resourceVersion);
        assertThat(StatusAggregator.find(later.getStatus(), "Ready").lastTransitionTime)
                .isEqualTo(invalid.lastTransitionTime);

        // fixing the spec is picked up at once: the schedule is now the only problem, named by field
        later.getSpec().hash = null;
        client.resource(later).inNamespace(NS).update();
        await().atMost(WAIT).untilAsserted(() -> assertThat(ready(PartitionPolicy.class, "both-strategies").message)
                .contains("spec.schedule").contains("61"));
    }

    @Test
    void unreachableDatabaseNamesTheDriverErrorButNeverThePassword() {
        String wrongPassword = "Wr0ng-Pa55word-XYZ";
        FlowDatabases.createSecret(client, NS, "bad-admin", TestPostgres.APP_USER, wrongPassword);
        client.resource(FlowDatabases.external(NS, "bad-db", TestPostgres.APP_DATABASE, "bad-admin")).inNamespace(NS).create();
        Condition unreachable = awaitReason(WorkflowDatabase.class, "bad-db", "Unreachable");
        assertThat(unreachable.status).isEqualTo("False");
        assertThat(unreachable.message).contains("password authentication failed").doesNotContain(wrongPassword);
        assertThat(get(WorkflowDatabase.class, "bad-db").getStatus().phase).isEqualTo(WorkflowDatabaseStatus.Phase.Degraded);
    }

    @Test
    void patroniOfAnExternalDatabaseGivesItsMembersAndPendingRestart() {
        PatroniStandIn patroni = PatroniStandInResource.standIn();
        patroni.members(List.of(PatroniStandIn.member("db-a", "leader", "running", null, false),
                PatroniStandIn.member("db-b", "sync_standby", "streaming", 0, true),
                PatroniStandIn.member("db-c", "replica", "streaming", 1024, false)));
        FlowDatabases.createSecret(client, NS, "patroni-admin", TestPostgres.APP_USER, TestPostgres.APP_PASSWORD);
        WorkflowDatabase db = FlowDatabases.external(NS, "patroni-db", TestPostgres.APP_DATABASE, "patroni-admin");
        db.getSpec().external.patroniApi = List.of("http://127.0.0.1:1/unreachable", patroni.url());
        client.resource(db).inNamespace(NS).create();

        WorkflowDatabaseStatus status = await().atMost(WAIT).until(
                () -> client.resources(WorkflowDatabase.class).inNamespace(NS).withName("patroni-db").get().getStatus(),
                s -> s != null && s.members != null);
        assertThat(status.members).extracting(m -> m.name, m -> m.role, m -> m.lagBytes).containsExactly(
                org.assertj.core.groups.Tuple.tuple("db-a", "leader", null),
                org.assertj.core.groups.Tuple.tuple("db-b", "sync_standby", 0L),
                org.assertj.core.groups.Tuple.tuple("db-c", "replica", 1024L));
        Condition pending = StatusAggregator.find(status, "PendingRestart");
        assertThat(pending.status).isEqualTo("True");
        assertThat(pending.message).contains("db-b");
        assertThat(StatusAggregator.find(status, "Ready").status).as("Patroni never decides Ready here").isEqualTo("True");
    }

    @Test
    void missingSecretIsNamed() {
        client.resource(FlowDatabases.external(NS, "no-secret-db", TestPostgres.APP_DATABASE, "absent-secret")).inNamespace(NS).create();
        Condition c = awaitReason(WorkflowDatabase.class, "no-secret-db", "SecretNotFound");
        assertThat(c.message).contains("absent-secret");
    }

    static RetentionPolicy retentionPolicy(String name, String database) {
        RetentionPolicy p = new RetentionPolicy();
        p.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
        p.setSpec(new RetentionPolicySpec());
        p.getSpec().databaseRef = new LocalObjectReference(database);
        p.getSpec().table = "flow_probe";
        p.getSpec().timestampColumn = "completed_at";
        p.getSpec().olderThan = "90d";
        p.getSpec().action = RetentionPolicySpec.Action.DELETE;
        p.getSpec().schedule = "0 2 * * 0";
        return p;
    }

    private <T extends io.fabric8.kubernetes.client.CustomResource<?, ? extends BaseStatus>> T get(Class<T> type,
            String name) {
        return client.resources(type).inNamespace(NS).withName(name).get();
    }

    private <T extends io.fabric8.kubernetes.client.CustomResource<?, ? extends BaseStatus>> Condition ready(
            Class<T> type, String name) {
        T r = get(type, name);
        return r == null ? null : StatusAggregator.find(r.getStatus(), "Ready");
    }

    private <T extends io.fabric8.kubernetes.client.CustomResource<?, ? extends BaseStatus>> Condition awaitReady(
            Class<T> type, String name, String status) {
        return await().atMost(WAIT).until(() -> ready(type, name), c -> c != null && status.equals(c.status));
    }

    private <T extends io.fabric8.kubernetes.client.CustomResource<?, ? extends BaseStatus>> Condition awaitReason(
            Class<T> type, String name, String reason) {
        return await().atMost(WAIT).until(() -> ready(type, name), c -> c != null && reason.equals(c.reason));
    }
}
