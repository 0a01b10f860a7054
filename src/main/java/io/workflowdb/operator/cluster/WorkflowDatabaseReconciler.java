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
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabaseStatus;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabaseStatus.Phase;
import io.workflowdb.operator.sql.ConnectionSettings;
import io.workflowdb.operator.sql.DatabasePools;
import io.workflowdb.operator.status.ErrorStatus;
import io.workflowdb.operator.status.Reason;
import io.workflowdb.operator.status.StatusAggregator;
import io.workflowdb.operator.status.StatusPatch;
import io.workflowdb.operator.validation.ResourceValidator;
import io.workflowdb.operator.validation.Violation;

/**
 * Reconciles a WorkflowDatabase. In external mode it keeps a connection pool to the server and
 * reports whether the primary answers; managed Patroni clusters are not built by this version.
 */
// No finalizer: the only clean-up is closing a local pool, which must never block a deletion;
// ConnectionPoolJanitor closes the pools of deleted databases.
@ControllerConfiguration(name = "workflowdatabase")
public class WorkflowDatabaseReconciler implements Reconciler<WorkflowDatabase> {

    /** How often an external database is probed again while nothing else changes. */
    static final Duration PROBE_INTERVAL = Duration.ofSeconds(60);

    @Inject
    ResourceValidator validator;

    @Inject
    ExternalConnections connections;

    @Inject
    DatabasePools pools;

    @Inject
    Clock clock;

    @Override
    public UpdateControl<WorkflowDatabase> reconcile(WorkflowDatabase database, Context<WorkflowDatabase> context)
            throws SQLException {
        JsonNode before = StatusPatch.snapshot(database);
        WorkflowDatabaseStatus status = database.getStatus();
        StatusAggregator conditions = new StatusAggregator(database, clock);
        Duration recheck = null;

        List<Violation> violations = validator.validate(database, WorkflowDatabaseRules::check);
        if (!violations.isEmpty()) {
            status.phase = Phase.Failed;
            conditions.notReady(Reason.InvalidSpec, ResourceValidator.summary(violations));
        } else if (database.getSpec().external == null) {
            pools.close(key(database));
            status.phase = Phase.Pending;
            conditions.notReady(Reason.NotSupported,
                    "this operator version does not yet run Patroni clusters; set spec.external to manage an existing PostgreSQL");
        } else {
            recheck = PROBE_INTERVAL;
            reconcileExternal(database, status, conditions);
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
            conditions.notReady(Reason.SecretNotFound, e.getMessage());
            return;
        }
        DatabaseProbe.Result probe = DatabaseProbe.check(pools.get(key(database), settings), settings);
        if (probe.reachable()) {
            status.phase = Phase.Running;
            status.primary = probe.primary();
            conditions.ready(Reason.Connected, probe.message());
        } else {
            status.phase = Phase.Degraded;
            conditions.notReady(Reason.Unreachable, probe.message());
        }
    }

    @Override
    public ErrorStatusUpdateControl<WorkflowDatabase> updateErrorStatus(WorkflowDatabase database,
            Context<WorkflowDatabase> context, Exception e) {
        return ErrorStatus.of(database, e, clock);
    }

    static String key(WorkflowDatabase database) {
        return database.getMetadata().getNamespace() + "/" + database.getMetadata().getName();
    }
}
