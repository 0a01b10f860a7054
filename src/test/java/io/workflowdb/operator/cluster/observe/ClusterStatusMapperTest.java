package io.workflowdb.operator.cluster.observe;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.workflowdb.operator.api.v1alpha1.Condition;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabaseSpec;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabaseStatus.Phase;
import io.workflowdb.operator.status.StatusAggregator;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterStatusMapperTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC);

    static final PatroniObservation.Member LEADER = new PatroniObservation.Member("db-0", "leader", "running", null, 2, false);
    static final PatroniObservation.Member REPLICA = new PatroniObservation.Member("db-1", "replica", "streaming", 0L, 2, false);
    static final PatroniObservation.Member STOPPED = new PatroniObservation.Member("db-2", "replica", "stopped", null, null, false);

    final WorkflowDatabase db = database();

    @Test
    void nothingAnswersYetIsPending() {
        apply(PatroniObservation.unreachable("no Patroni REST API answered: connection refused"), 0);
        assertThat(db.getStatus().phase).isEqualTo(Phase.Pending);
        assertThat(condition("ClusterAvailable").reason).isEqualTo("PatroniUnreachable");
        assertThat(condition("ClusterAvailable").message).contains("connection refused");
        assertThat(condition("Ready").status).isEqualTo("False");
    }

    @Test
    void membersWithoutALeaderAreStillCreating() {
        apply(observed(REPLICA), 0);
        assertThat(db.getStatus().phase).isEqualTo(Phase.Creating);
        assertThat(condition("ClusterAvailable").reason).isEqualTo("NoLeader");
        assertThat(db.getStatus().primary).isNull();
    }

    @Test
    void allMembersAndPoolerReadyIsRunning() {
        apply(observed(LEADER, REPLICA, REPLICA2()), 2);
        assertThat(db.getStatus().phase).isEqualTo(Phase.Running);
        assertThat(db.getStatus().primary).isEqualTo("db-0");
        assertThat(db.getStatus().readyInstances).isEqualTo(3);
        assertThat(db.getStatus().instances).isEqualTo(3);
        assertThat(condition("Ready").status).isEqualTo("True");
        assertThat(condition("Ready").reason).isEqualTo("Running");
        assertThat(condition("PoolerReady").status).isEqualTo("True");
        assertThat(condition("PendingRestart").status).isEqualTo("False");
    }

    @Test
    void poolerNotReadyKeepsTheDatabaseNotReady() {
        apply(observed(LEADER, REPLICA, REPLICA2()), 1);
        assertThat(condition("PoolerReady").status).isEqualTo("False");
        assertThat(condition("PoolerReady").message).isEqualTo("1/2 PgBouncer pods ready");
        assertThat(condition("Ready").status).isEqualTo("False");
        assertThat(db.getStatus().phase).isEqualTo(Phase.Creating);
    }

    @Test
    void aLostReplicaAfterRunningIsDegradedButStillServes() {
        apply(observed(LEADER, REPLICA, REPLICA2()), 2);
        apply(observed(LEADER, REPLICA, STOPPED), 2);
        assertThat(db.getStatus().phase).isEqualTo(Phase.Degraded);
        assertCondition("Ready", "True", "Degraded", "2/3 members running");
    }

    @Test
    void aLostLeaderAfterRunningIsDegradedAndNotReady() {
        apply(observed(LEADER, REPLICA, REPLICA2()), 2);
        apply(observed(REPLICA, STOPPED), 2);
        assertThat(db.getStatus().phase).isEqualTo(Phase.Degraded);
        assertThat(condition("Ready").status).isEqualTo("False");
        assertThat(condition("ClusterAvailable").reason).isEqualTo("NoLeader");
    }

    @Test
    void pendingRestartNamesTheMembers() {
        PatroniObservation.Member waiting = new PatroniObservation.Member("db-1", "replica", "streaming", 0L, 2, true);
        apply(observed(LEADER, waiting, REPLICA2()), 2);
        assertCondition("PendingRestart", "True", "RestartRequired", "db-1");
        assertThat(condition("PendingRestart").message).doesNotContain("db-0");
    }

    @Test
    void disabledPoolerIsNothingToWaitFor() {
        apply(observed(LEADER, REPLICA, REPLICA2()), null);
        assertThat(condition("PoolerReady").reason).isEqualTo("PoolerDisabled");
        assertThat(db.getStatus().pooler).isNull();
        assertThat(db.getStatus().phase).isEqualTo(Phase.Running);
    }

    @Test
    void failedSetupKeepsTheDatabaseNotReadyWithTheReason() {
        apply(new ClusterObservation(observed(LEADER, REPLICA, REPLICA2()), "permission denied to create role", 2));
        assertCondition("Ready", "False", "SetupFailed", "permission denied to create role");
        assertThat(condition("ClusterAvailable").status).isEqualTo("True");
    }

    @Test
    void appliedSettingsAreNamedOnClusterAvailable() {
        apply(new PatroniObservation(null, List.of(LEADER, REPLICA, REPLICA2()), List.of("postgresql.parameters.work_mem"), null), 2);
        assertThat(condition("ClusterAvailable").message).contains("applied postgresql.parameters.work_mem");
    }

    @Test
    void aRefusedConfigurationChangeIsNamedOnClusterAvailable() {
        apply(new PatroniObservation(null, List.of(LEADER, REPLICA, REPLICA2()), List.of(),
                "PATCH http://db-0.db.apps.svc:8008/config answered 401"), 2);
        assertThat(condition("ClusterAvailable").message).contains("dynamic configuration not applied").contains("401");
    }

    private static PatroniObservation.Member REPLICA2() {
        return new PatroniObservation.Member("db-2", "sync_standby", "streaming", 1024L, 2, false);
    }

    private static PatroniObservation observed(PatroniObservation.Member... members) {
        return new PatroniObservation(null, List.of(members), List.of(), null);
    }

    private void apply(PatroniObservation observation, Integer poolerReady) {
        apply(new ClusterObservation(observation, null, poolerReady));
    }

    private void apply(ClusterObservation observation) {
        StatusAggregator conditions = new StatusAggregator(db, CLOCK);
        ClusterStatusMapper.apply(db.getSpec(), observation, db.getStatus(), conditions);
        conditions.applyTo(db.getStatus());
    }

    private void assertCondition(String type, String status, String reason, String messagePart) {
        assertThat(condition(type).status).isEqualTo(status);
        assertThat(condition(type).reason).isEqualTo(reason);
        assertThat(condition(type).message).contains(messagePart);
    }

    private Condition condition(String type) {
        return StatusAggregator.find(db.getStatus(), type);
    }

    private static WorkflowDatabase database() {
        WorkflowDatabase db = new WorkflowDatabase();
        db.setMetadata(new ObjectMetaBuilder().withName("db").withNamespace("apps").withGeneration(1L).build());
        db.setSpec(new WorkflowDatabaseSpec());
        db.setStatus(db.getStatus() == null ? new io.workflowdb.operator.api.v1alpha1.WorkflowDatabaseStatus() : db.getStatus());
        return db;
    }
}
