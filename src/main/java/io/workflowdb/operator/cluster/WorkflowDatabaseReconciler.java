package io.workflowdb.operator.cluster;

import java.net.URI;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;

import io.agroal.api.AgroalDataSource;
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
import io.workflowdb.operator.cluster.access.DatabaseProbe;
import io.workflowdb.operator.cluster.access.ExternalConnections;
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
import io.workflowdb.operator.cluster.observe.ClusterStatusMapper;
import io.workflowdb.operator.cluster.observe.PatroniObserver;
import io.workflowdb.operator.health.HealthMonitor;
import io.workflowdb.operator.schema.SchemaApplier;
import io.workflowdb.operator.sql.ConnectionSettings;
import io.workflowdb.operator.sql.DatabasePools;
import io.workflowdb.operator.status.ErrorStatus;
import io.workflowdb.operator.status.StatusAggregator;
import io.workflowdb.operator.status.StatusPatch;
import io.workflowdb.operator.validation.ResourceValidator;
import io.workflowdb.operator.validation.Violation;

/**
 * Reconciles a WorkflowDatabase. A managed one becomes a Patroni cluster with a PgBouncer pooler
 * (the dependent resources below, run only after the spec passed validation); an external one gets
 * a connection pool and a probe of its primary.
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

    /** How often an external database is probed again while nothing else changes. */
    static final Duration PROBE_INTERVAL = Duration.ofSeconds(60);

    @Inject
    ResourceValidator validator;

    @Inject
    SpecAllowLists allowLists;

    @Inject
    ExternalConnections connections;

    @Inject
    DatabasePools pools;

    @Inject
    ManagedCluster managed;

    @Inject
    SchemaApplier schema;

    @Inject
    HealthMonitor health;

    @Inject
    PatroniObserver patroni;

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
            recheck = PROBE_INTERVAL;
            reconcileExternal(database, status, conditions);
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

    private void reconcileExternal(WorkflowDatabase database, WorkflowDatabaseStatus status,
            StatusAggregator conditions) throws SQLException {
        ConnectionSettings settings;
        try {
            settings = connections.settings(database);
        } catch (ExternalConnections.MissingCredentialsException e) {
            status.phase = Phase.Pending;
            conditions.notReady(CommonReason.SecretNotFound, e.getMessage());
            return;
        }
        AgroalDataSource pool = pools.get(key(database), settings);
        DatabaseProbe.Result probe = DatabaseProbe.check(pool, settings);
        if (probe.reachable()) {
            status.phase = Phase.Running;
            status.primary = probe.primary();
            conditions.ready(CommonReason.Connected, probe.message());
            List<String> patroniApi = database.getSpec().external.patroniApi;
            if (patroniApi != null && !patroniApi.isEmpty()) {
                // spec.external.caSecret vouches for the Patroni REST API as for PostgreSQL
                ClusterStatusMapper.applyExternal(patroni.observe(database, patroniApi.stream().map(URI::create).toList(),
                        settings.trustedCa() == null ? null
                                : io.workflowdb.operator.tls.PemTlsFactory.context(settings.trustedCa(), null)), status, conditions);
            }
            schema.apply(database, pool, conditions);
        } else {
            status.phase = Phase.Degraded;
            conditions.notReady(CommonReason.Unreachable, probe.message());
        }
    }

    /** Besides the dependents' own: the health monitor wakes a database when its health must reach status. */
    @Override
    public List<EventSource<?, WorkflowDatabase>> prepareEventSources(EventSourceContext<WorkflowDatabase> context) {
        return List.of(health.wakeups());
    }

    @Override
    public ErrorStatusUpdateControl<WorkflowDatabase> updateErrorStatus(WorkflowDatabase database,
            Context<WorkflowDatabase> context, Exception e) {
        return ErrorStatus.of(database, e, clock);
    }

    public static String key(WorkflowDatabase database) {
        return database.getMetadata().getNamespace() + "/" + database.getMetadata().getName();
    }
}
