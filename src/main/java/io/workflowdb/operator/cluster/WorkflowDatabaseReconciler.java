package io.workflowdb.operator.cluster;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.quarkiverse.operatorsdk.annotations.RBACRule;
import io.workflowdb.operator.api.v1alpha1.CommonReason;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabaseStatus;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabaseStatus.Phase;
import io.workflowdb.operator.cluster.access.ConnectionPoolJanitor;
import io.workflowdb.operator.cluster.dependent.AppSecretDependentResource;
import io.workflowdb.operator.cluster.dependent.HeadlessServiceDependentResource;
import io.workflowdb.operator.cluster.dependent.NetworkPolicyDependentResource;
import io.workflowdb.operator.cluster.dependent.PatroniConfigMapDependentResource;
import io.workflowdb.operator.cluster.dependent.PodDisruptionBudgetDependentResource;
import io.workflowdb.operator.cluster.dependent.PoolerAuthSecretDependentResource;
import io.workflowdb.operator.cluster.dependent.PoolerConfigMapDependentResource;
import io.workflowdb.operator.cluster.dependent.PoolerDeploymentDependentResource;
import io.workflowdb.operator.cluster.dependent.PoolerEnabled;
import io.workflowdb.operator.cluster.dependent.PoolerServiceDependentResource;
import io.workflowdb.operator.cluster.dependent.PrimaryServiceDependentResource;
import io.workflowdb.operator.cluster.dependent.ReplicasServiceDependentResource;
import io.workflowdb.operator.cluster.dependent.RoleBindingDependentResource;
import io.workflowdb.operator.cluster.dependent.RoleDependentResource;
import io.workflowdb.operator.cluster.dependent.ServiceAccountDependentResource;
import io.workflowdb.operator.cluster.dependent.StatefulSetDependentResource;
import io.workflowdb.operator.health.HealthMonitor;
import io.workflowdb.operator.status.ErrorStatus;
import io.workflowdb.operator.status.StatusAggregator;
import io.workflowdb.operator.status.StatusPatch;
import io.workflowdb.operator.validation.ResourceValidator;
import io.workflowdb.operator.validation.Violation;

/**
 * Reconciles a WorkflowDatabase: checks its spec, then hands it on. A managed one becomes a Patroni
 * cluster with a PgBouncer pooler ({@link ManagedCluster}, with the dependent resources below); an
 * external one gets a connection pool and a probe of its primary ({@link ExternalCluster}).
 */
// No finalizer: the cluster's objects carry owner references and are garbage-collected with it, and
// ConnectionPoolJanitor closes the pools of deleted databases, so nothing can block a deletion.
@ControllerConfiguration(name = "workflowdatabase")
@Workflow(explicitInvocation = true, dependents = {
        @Dependent(name = "service-account", type = ServiceAccountDependentResource.class),
        @Dependent(name = "role", type = RoleDependentResource.class),
        @Dependent(name = "role-binding", type = RoleBindingDependentResource.class, dependsOn = { "service-account", "role" }),
        @Dependent(name = "patroni-config", type = PatroniConfigMapDependentResource.class),
        @Dependent(name = "headless-service", type = HeadlessServiceDependentResource.class),
        @Dependent(name = "primary-service", type = PrimaryServiceDependentResource.class),
        @Dependent(name = "replicas-service", type = ReplicasServiceDependentResource.class),
        @Dependent(name = "statefulset", type = StatefulSetDependentResource.class,
                dependsOn = { "role-binding", "patroni-config", "headless-service" }),
        @Dependent(name = "disruption-budget", type = PodDisruptionBudgetDependentResource.class),
        @Dependent(name = "pooler-config", type = PoolerConfigMapDependentResource.class, reconcilePrecondition = PoolerEnabled.class),
        @Dependent(name = "pooler-auth", type = PoolerAuthSecretDependentResource.class, reconcilePrecondition = PoolerEnabled.class),
        @Dependent(name = "pooler", type = PoolerDeploymentDependentResource.class, reconcilePrecondition = PoolerEnabled.class,
                dependsOn = { "pooler-config", "pooler-auth", "primary-service" }),
        @Dependent(name = "pooler-service", type = PoolerServiceDependentResource.class, reconcilePrecondition = PoolerEnabled.class),
        @Dependent(name = "app-secret", type = AppSecretDependentResource.class),
        @Dependent(name = "network-policy", type = NetworkPolicyDependentResource.class) })
// Pods: Patroni's Role grants list, watch, get and patch (Kubernetes lets the operator grant only
// rights it holds itself), the operator labels members with the etcd DCS and deletes members for
// ordered restarts. Never pods/exec. PVCs and Jobs: member volumes and backup runs.
@RBACRule(apiGroups = "", resources = { "pods" }, verbs = { "get", "list", "watch", "patch", "delete" })
@RBACRule(apiGroups = "", resources = { "persistentvolumeclaims" }, verbs = { "get", "list", "watch", "delete" })
@RBACRule(apiGroups = "batch", resources = { "jobs" }, verbs = { "get", "list", "watch", "create", "delete" })
public class WorkflowDatabaseReconciler implements Reconciler<WorkflowDatabase> {

    @Inject
    ResourceValidator validator;

    @Inject
    SpecAllowLists allowLists;

    @Inject
    ManagedCluster managed;

    @Inject
    ExternalCluster external;

    @Inject
    HealthMonitor health;

    @Inject
    ConnectionPoolJanitor janitor;

    @Inject
    Clock clock;

    @Override
    public UpdateControl<WorkflowDatabase> reconcile(WorkflowDatabase database, Context<WorkflowDatabase> context)
            throws SQLException {
        JsonNode before = StatusPatch.snapshot(database);
        WorkflowDatabaseStatus status = database.getStatus();
        StatusAggregator conditions = new StatusAggregator(database, clock);
        Duration recheck = null;

        List<Violation> violations = validator.validate(database, WorkflowDatabaseRules.with(allowLists));
        if (!violations.isEmpty()) {
            status.phase = Phase.Failed;
            conditions.notReady(CommonReason.InvalidSpec, ResourceValidator.summary(violations));
        } else if (database.getSpec().external == null) {
            recheck = managed.reconcile(database, context, conditions);
        } else {
            recheck = external.reconcile(database, conditions);
        }
        if (conditions.isReady()) {
            health.track(database);
            health.publishTo(database, status, conditions);
        } else {
            health.untrack(database.getMetadata().getNamespace(), database.getMetadata().getName());
            health.notSampled(status, conditions);
        }
        conditions.applyTo(status);
        UpdateControl<WorkflowDatabase> control = StatusPatch.ifChanged(database, before);
        return recheck == null ? control : control.rescheduleAfter(recheck);
    }

    /**
     * Besides the dependents' own: the health monitor wakes a database when its health must reach
     * status. The janitor gets the informer's cache, to tell which databases still exist.
     */
    @Override
    public List<EventSource<?, WorkflowDatabase>> prepareEventSources(EventSourceContext<WorkflowDatabase> context) {
        janitor.watch(context.getPrimaryCache());
        return List.of(health.wakeups());
    }

    @Override
    public ErrorStatusUpdateControl<WorkflowDatabase> updateErrorStatus(WorkflowDatabase database,
            Context<WorkflowDatabase> context, Exception e) {
        return ErrorStatus.of(database, e, clock);
    }
}
