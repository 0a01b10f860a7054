package io.workflowdb.operator.cluster;

import java.net.URI;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.agroal.api.AgroalDataSource;
import io.workflowdb.operator.api.v1alpha1.CommonReason;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabaseStatus;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabaseStatus.Phase;
import io.workflowdb.operator.cluster.access.DatabaseConnections;
import io.workflowdb.operator.cluster.access.DatabaseProbe;
import io.workflowdb.operator.cluster.access.ExternalConnections;
import io.workflowdb.operator.cluster.observe.ClusterStatusMapper;
import io.workflowdb.operator.cluster.observe.PatroniObserver;
import io.workflowdb.operator.schema.SchemaApplier;
import io.workflowdb.operator.sql.ConnectionSettings;
import io.workflowdb.operator.status.StatusAggregator;
import io.workflowdb.operator.tls.PemTlsFactory;

/**
 * One reconcile of an external database, a server the operator does not run: its credentials
 * Secret, a probe of its primary through the shared pool, what its Patroni REST API reports when
 * the spec names one, then its schema.
 */
@ApplicationScoped
public class ExternalCluster {

    /** How often an external database is probed again while nothing else changes. */
    static final Duration PROBE_INTERVAL = Duration.ofSeconds(60);

    @Inject
    ExternalConnections connections;

    @Inject
    DatabaseConnections dataSources;

    @Inject
    SchemaApplier schema;

    @Inject
    PatroniObserver patroni;

    /** Returns when to look again. */
    Duration reconcile(WorkflowDatabase database, StatusAggregator conditions) throws SQLException {
        WorkflowDatabaseStatus status = database.getStatus();
        ConnectionSettings settings;
        try {
            settings = connections.settings(database);
        } catch (ExternalConnections.MissingCredentialsException e) {
            status.phase = Phase.Pending;
            conditions.notReady(CommonReason.SecretNotFound, e.getMessage());
            return PROBE_INTERVAL;
        }
        AgroalDataSource pool = dataSources.dataSource(database, settings);
        DatabaseProbe.Result probe = DatabaseProbe.check(pool, settings);
        if (probe.reachable()) {
            status.phase = Phase.Running;
            status.primary = probe.primary();
            conditions.ready(CommonReason.Connected, probe.message());
            List<String> patroniApi = database.getSpec().external.patroniApi;
            if (patroniApi != null && !patroniApi.isEmpty()) {
                // spec.external.caSecret vouches for the Patroni REST API as for PostgreSQL
                ClusterStatusMapper.applyExternal(patroni.observe(database, patroniApi.stream().map(URI::create).toList(),
                        settings.trustedCa() == null ? null : PemTlsFactory.context(settings.trustedCa(), null)),
                        status, conditions);
            }
            schema.apply(database, pool, conditions);
        } else {
            status.phase = Phase.Degraded;
            conditions.notReady(CommonReason.Unreachable, probe.message());
        }
        return PROBE_INTERVAL;
    }
}
