package io.workflowdb.operator.cluster;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.SSLContext;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabaseReason;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabaseStatus.Phase;
import io.workflowdb.operator.cluster.access.CertificateStore;
import io.workflowdb.operator.cluster.access.Credentials;
import io.workflowdb.operator.cluster.access.CredentialsStore;
import io.workflowdb.operator.cluster.access.DatabaseConnections;
import io.workflowdb.operator.cluster.access.DatabaseSetup;
import io.workflowdb.operator.cluster.model.ClusterDefaults;
import io.workflowdb.operator.cluster.model.ClusterNames;
import io.workflowdb.operator.cluster.model.ClusterTls;
import io.workflowdb.operator.cluster.model.DesiredCluster;
import io.workflowdb.operator.cluster.model.PatroniStatefulSet;
import io.workflowdb.operator.cluster.observe.ClusterObservation;
import io.workflowdb.operator.cluster.observe.ClusterStatusMapper;
import io.workflowdb.operator.cluster.observe.PatroniObservation;
import io.workflowdb.operator.cluster.observe.PatroniObserver;
import io.workflowdb.operator.cluster.observe.TlsStatusMapper;
import io.workflowdb.operator.cluster.patroni.EtcdKeySpace;
import io.workflowdb.operator.cluster.pgbouncer.PoolerAuthSql;
import io.workflowdb.operator.schema.SchemaApplier;
import io.workflowdb.operator.schema.SchemaStatusMapper;
import io.workflowdb.operator.sql.ConnectionSettings;
import io.workflowdb.operator.status.StatusAggregator;

/**
 * The steps of one reconcile of a managed cluster, in order: credentials, desired objects, the
 * dependent-resource workflow, then what Patroni reports (pushing changed dynamic settings), then
 * status.
 */
@ApplicationScoped
public class ManagedCluster {

    /** How often Patroni is asked again for members, lag and pending restarts. */
    static final Duration OBSERVE_INTERVAL = Duration.ofSeconds(30);

    /** How soon to look again while no leader runs yet (nothing in Kubernetes tells when one does). */
    static final Duration STARTING_INTERVAL = Duration.ofSeconds(10);

    @Inject
    CredentialsStore credentials;

    @Inject
    ClusterSettings settings;

    @Inject
    PatroniObserver patroni;

    @Inject
    PatroniConfigWriter patroniConfig;

    @Inject
    CertificateStore certificates;

    @Inject
    MemberRoleLabels roleLabels;

    @Inject
    SchemaApplier schema;

    @Inject
    DatabaseConnections dataSources;

    @Inject
    Clock clock;

    /** Clusters whose roles, database and pooler lookup were set up by this process. */
    private final Set<String> setUp = ConcurrentHashMap.newKeySet();

    /** Returns when to look again. */
    Duration reconcile(WorkflowDatabase db, Context<WorkflowDatabase> context, StatusAggregator conditions) {
        Credentials passwords;
        ClusterTls tls;
        String currentPatroniYaml = currentPatroniYaml(db, context);
        try {
            passwords = credentials.ensure(db);
            tls = certificates.ensure(db, ClusterTls.served(db.getSpec(), currentPatroniYaml, settings.tlsDefault()));
        } catch (CredentialsStore.ForeignSecretException e) {
            db.getStatus().phase = Phase.Failed;
            conditions.notReady(WorkflowDatabaseReason.CredentialsConflict, e.getMessage());
            // the Secret carries no owner reference to this database, so no event follows its fix
            return OBSERVE_INTERVAL;
        }
        db.getStatus().tls = TlsStatusMapper.status(tls);
        DesiredCluster desired = DesiredCluster.of(db, passwords, settings, etcdKeySpace(db, currentPatroniYaml), tls);
        db.getStatus().connectionSecret = ClusterNames.appSecret(db);
        context.managedWorkflowAndDependentResourceContext().put(DesiredCluster.CONTEXT_KEY, desired);
        context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();

        SSLContext trust = tls.served().enabled() ? certificates.trust(db) : null;
        PatroniObservation observed = patroniConfig.applyDynamicConfiguration(db, patroni.observe(db, trust), passwords,
                desired.patroni().dynamicConfiguration(), trust);
        roleLabels.apply(db, observed);
        boolean reloading = trust != null && TlsStatusMapper.reloading(tls, clock.instant())
                && patroniConfig.reloadCertificates(db, passwords, trust, tls.serverSerial()) > 0;
        String setupError = observed.leader().isPresent() ? setUp(db, passwords, tls) : null;
        Integer poolerReady = desired.pooler() == null ? null : poolerReady(context);
        ClusterStatusMapper.apply(db.getSpec(), new ClusterObservation(observed, setupError, poolerReady),
                db.getStatus(), conditions);
        if (observed.leader().isPresent() && setupError == null) {
            applySchema(db, passwords, tls, conditions);
        }
        Duration next = nextObservation(observed, desired.patroni().config().bootstrap().dcs().loopWait());
        return reloading && next.compareTo(TlsStatusMapper.RELOAD_CHECK) > 0 ? TlsStatusMapper.RELOAD_CHECK : next;
    }

    /**
     * The key space of the patroni.yml this cluster runs with now: a cluster an earlier operator version
     * made keeps {@code /service/<name>/} (moving it is the documented migration), every other one gets
     * the namespaced key space.
     */
    private static EtcdKeySpace etcdKeySpace(WorkflowDatabase db, String currentPatroniYaml) {
        Map<String, String> annotations = db.getMetadata().getAnnotations();
        return EtcdKeySpace.of(currentPatroniYaml, annotations == null ? null : annotations.get(EtcdKeySpace.ANNOTATION));
    }

    /** The patroni.yml the cluster runs with now; null before the first reconcile rendered one. */
    private static String currentPatroniYaml(WorkflowDatabase db, Context<WorkflowDatabase> context) {
        String name = ClusterNames.patroni(db);
        return context.getSecondaryResourcesAsStream(ConfigMap.class)
                .filter(map -> name.equals(map.getMetadata().getName())
                        && ClusterNames.namespace(db).equals(map.getMetadata().getNamespace()))
                .map(map -> map.getData() == null ? null : map.getData().get(PatroniStatefulSet.CONFIG_FILE))
                .filter(java.util.Objects::nonNull)
                .findFirst().orElse(null);
    }

    /**
     * Sooner than {@link #OBSERVE_INTERVAL} while the cluster starts, and after a change was pushed:
     * each member applies it in its next loop and reports a pending restart in the loop after, so
     * two loops and a second later the status can say so.
     */
    static Duration nextObservation(PatroniObservation observed, int loopWaitSeconds) {
        if (!observed.changedSettings().isEmpty()) {
            return Duration.ofSeconds(2L * loopWaitSeconds + 1);
        }
        return observed.leader().isPresent() ? OBSERVE_INTERVAL : STARTING_INTERVAL;
    }

    /** The schema is applied as the database owner, so that the owner owns every table it creates. */
    private void applySchema(WorkflowDatabase db, Credentials passwords, ClusterTls tls, StatusAggregator conditions) {
        ConnectionSettings owner = DatabaseConnections.owner(db, passwords.get(Credentials.OWNER), settings,
                tls.served().enabled() ? tls.authorityPem() : null);
        try {
            schema.apply(db, dataSources.dataSource(db, owner), conditions);
        } catch (SQLException e) {
            SchemaStatusMapper.fail(conditions, WorkflowDatabaseReason.Unreachable, owner.redact(e.getMessage()));
        }
    }

    /** Runs {@link DatabaseSetup} once per operator process and cluster shape; null when done. */
    private String setUp(WorkflowDatabase db, Credentials passwords, ClusterTls tls) {
        String key = db.getMetadata().getUid() + "/" + ClusterDefaults.database(db.getSpec()) + "/"
                + ClusterDefaults.owner(db.getSpec()) + "/" + ClusterDefaults.poolerEnabled(db.getSpec()) + "/"
                + tls.served().enabled() + "/" + PoolerAuthSql.authDatabase(settings.poolerImage());
        if (setUp.contains(key)) {
            return null;
        }
        try {
            DatabaseSetup.run(db, passwords,
                    settings.databaseAddress(ClusterNames.primaryService(db), ClusterNames.namespace(db)),
                    tls.served().enabled() ? certificates.superuserTls(db) : null,
                    PoolerAuthSql.authDatabase(settings.poolerImage()));
            setUp.add(key);
            return null;
        } catch (SQLException | RuntimeException e) {
            return e.getMessage();
        }
    }

    private static int poolerReady(Context<WorkflowDatabase> context) {
        return context.getSecondaryResource(Deployment.class).map(Deployment::getStatus)
                .map(s -> s.getReadyReplicas() == null ? 0 : s.getReadyReplicas()).orElse(0);
    }
}
