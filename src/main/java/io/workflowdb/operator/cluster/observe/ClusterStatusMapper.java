package io.workflowdb.operator.cluster.observe;

import java.util.List;

import io.workflowdb.operator.api.v1alpha1.ConditionTypes;
import io.workflowdb.operator.api.v1alpha1.MemberStatus;
import io.workflowdb.operator.api.v1alpha1.PoolerStatus;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabaseReason;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabaseSpec;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabaseStatus;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabaseStatus.Phase;
import io.workflowdb.operator.cluster.model.ClusterDefaults;
import io.workflowdb.operator.status.ConditionStatus;
import io.workflowdb.operator.status.StatusAggregator;

/**
 * Turns what was observed of a managed cluster into its status: members, phase and the conditions
 * ClusterAvailable, PoolerReady, PendingRestart and Ready. Pure, so every combination is unit-tested.
 *
 * <p>Ready means the database serves reads and writes through the way applications connect: a
 * leader runs and the pooler (if enabled) is ready. The phase tells Running from Degraded.
 */
public final class ClusterStatusMapper {

    private ClusterStatusMapper() {
    }

    public static void apply(WorkflowDatabaseSpec spec, ClusterObservation observed, WorkflowDatabaseStatus status,
            StatusAggregator conditions) {
        PatroniObservation patroni = observed.patroni();
        int instances = ClusterDefaults.instances(spec);
        status.instances = instances;
        status.members = patroni.members().stream().map(ClusterStatusMapper::member).toList();
        status.readyInstances = (int) patroni.runningMembers();
        status.primary = patroni.leader().map(PatroniObservation.Member::name).orElse(null);

        boolean available = clusterAvailable(patroni, instances, status, conditions);
        boolean poolerOk = pooler(spec, observed.poolerReady(), status, conditions);
        pendingRestart(patroni.pendingRestart(), conditions);

        boolean complete = available && status.readyInstances >= instances && poolerOk;
        boolean wasRunning = status.phase == Phase.Running || status.phase == Phase.Degraded;
        if (available && observed.setupError() != null) {
            status.phase = wasRunning ? Phase.Degraded : Phase.Creating;
            conditions.notReady(WorkflowDatabaseReason.SetupFailed, "roles and database not set up: " + observed.setupError());
        } else if (complete) {
            status.phase = Phase.Running;
            conditions.ready(WorkflowDatabaseReason.Running, summary(status, instances));
        } else if (available && poolerOk) {
            status.phase = wasRunning ? Phase.Degraded : Phase.Creating;
            conditions.ready(WorkflowDatabaseReason.Degraded, summary(status, instances));
        } else {
            status.phase = wasRunning ? Phase.Degraded : patroni.reachable() || status.phase == Phase.Creating
                    ? Phase.Creating : Phase.Pending;
            conditions.notReady(wasRunning ? WorkflowDatabaseReason.Degraded : WorkflowDatabaseReason.Creating,
                    available ? "the pooler is not ready" : "no leader is running: " + unavailableBecause(patroni));
        }
    }

    private static boolean clusterAvailable(PatroniObservation patroni, int instances, WorkflowDatabaseStatus status,
            StatusAggregator conditions) {
        if (!patroni.reachable()) {
            conditions.set(ConditionTypes.CLUSTER_AVAILABLE, ConditionStatus.False, WorkflowDatabaseReason.PatroniUnreachable, patroni.error());
            return false;
        }
        if (patroni.leader().isEmpty()) {
            conditions.set(ConditionTypes.CLUSTER_AVAILABLE, ConditionStatus.False, WorkflowDatabaseReason.NoLeader,
                    patroni.members().size() + " members answer, none of them is a running leader");
            return false;
        }
        String changed = patroni.changedSettings().isEmpty() ? ""
                : "; applied " + String.join(", ", patroni.changedSettings()) + " through Patroni";
        if (patroni.configError() != null) {
            changed += "; dynamic configuration not applied: " + patroni.configError();
        }
        conditions.set(ConditionTypes.CLUSTER_AVAILABLE, ConditionStatus.True,
                status.readyInstances >= instances ? WorkflowDatabaseReason.Running : WorkflowDatabaseReason.Degraded,
                "leader " + status.primary + ", " + status.readyInstances + "/" + instances + " members running" + changed);
        return true;
    }

    private static boolean pooler(WorkflowDatabaseSpec spec, Integer ready, WorkflowDatabaseStatus status,
            StatusAggregator conditions) {
        if (ready == null) {
            status.pooler = null;
            conditions.set(ConditionTypes.POOLER_READY, ConditionStatus.True, WorkflowDatabaseReason.PoolerDisabled,
                    "spec.pgbouncer.enabled is false");
            return true;
        }
        int desired = ClusterDefaults.poolerInstances(spec);
        status.pooler = new PoolerStatus();
        status.pooler.instances = desired;
        status.pooler.readyInstances = ready;
        boolean ok = ready >= desired;
        conditions.set(ConditionTypes.POOLER_READY, ok ? ConditionStatus.True : ConditionStatus.False,
                ok ? WorkflowDatabaseReason.PoolerRunning : WorkflowDatabaseReason.PoolerNotReady,
                ready + "/" + desired + " PgBouncer pods ready");
        return ok;
    }

    /**
     * What Patroni says of an external database's members, when its spec names their REST API:
     * the members with their roles and lag, and PendingRestart. Ready stays the connection's to
     * decide; a Patroni API that does not answer clears the members and says so in PendingRestart.
     */
    public static void applyExternal(PatroniObservation patroni, WorkflowDatabaseStatus status,
            StatusAggregator conditions) {
        if (!patroni.reachable()) {
            status.members = null;
            conditions.set(ConditionTypes.PENDING_RESTART, ConditionStatus.Unknown, WorkflowDatabaseReason.PatroniUnreachable, patroni.error());
            return;
        }
        status.members = patroni.members().stream().map(ClusterStatusMapper::member).toList();
        pendingRestart(patroni.pendingRestart(), conditions);
    }

    private static void pendingRestart(List<String> members, StatusAggregator conditions) {
        if (members.isEmpty()) {
            conditions.set(ConditionTypes.PENDING_RESTART, ConditionStatus.False, WorkflowDatabaseReason.NoRestartPending,
                    "every member runs with its configured settings");
        } else {
            conditions.set(ConditionTypes.PENDING_RESTART, ConditionStatus.True, WorkflowDatabaseReason.RestartRequired,
                    "a changed setting takes effect after a restart of " + String.join(", ", members)
                            + " (patronictl restart, or delete the pods one by one)");
        }
    }

    private static String unavailableBecause(PatroniObservation patroni) {
        return patroni.reachable() ? "members are starting" : patroni.error();
    }

    private static String summary(WorkflowDatabaseStatus status, int instances) {
        return "leader " + status.primary + ", " + status.readyInstances + "/" + instances + " members running";
    }

    private static MemberStatus member(PatroniObservation.Member m) {
        MemberStatus s = new MemberStatus();
        s.name = m.name();
        s.role = m.role();
        s.state = m.state();
        s.lagBytes = m.lagBytes();
        s.timeline = m.timeline();
        return s;
    }
}
