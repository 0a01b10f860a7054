package io.workflowdb.operator.e2e;

import java.nio.file.Path;
import java.time.Duration;

import io.workflowdb.operator.api.v1alpha1.WorkflowDatabaseSpec;
import io.workflowdb.operator.cluster.ClusterSettings;
import io.workflowdb.operator.cluster.access.Credentials;
import io.workflowdb.operator.cluster.access.DatabaseSetupAccess;
import io.workflowdb.operator.cluster.model.ClusterDefaults;
import io.workflowdb.operator.cluster.model.ClusterTls;
import io.workflowdb.operator.cluster.pgbouncer.PgBouncerConfigRenderer;
import io.workflowdb.operator.cluster.pgbouncer.PgBouncerLayout;
import io.workflowdb.operator.cluster.pgbouncer.PgBouncerProcess;
import io.workflowdb.operator.cluster.pgbouncer.PgBouncerRenderInput;
import io.workflowdb.operator.cluster.pgbouncer.RenderedPgBouncer;
import io.workflowdb.operator.testing.Closeables;
import io.workflowdb.operator.testing.Timeouts;

import static org.awaitility.Awaitility.await;

/**
 * The Patroni cluster as clients meet it: healthy, set up as the reconciler sets it up (owner
 * role, database, PgBouncer's auth role and function), behind the primary Service stand-in and
 * the PgBouncer the operator renders, with the auth file exactly as the operator's Secret holds it.
 */
record PooledCluster(PatroniCluster cluster, PrimaryProxy proxy, PgBouncerProcess pgbouncer, int pgbouncerPort)
        implements AutoCloseable {

    static final Duration AWAIT_HEALTHY = Timeouts.CLUSTER_HEALTHY;

    /** Starts everything under target/e2e/{@code name}; what started is stopped again if a later step fails. */
    static PooledCluster start(String name) throws Exception {
        PatroniCluster cluster = PatroniCluster.start(E2eMachine.require(), name);
        PrimaryProxy proxy = null;
        PgBouncerProcess pgbouncer = null;
        try {
            cluster.awaitHealthy(AWAIT_HEALTHY);
            LoopbackTopology topology = cluster.topology();
            proxy = new PrimaryProxy(topology.proxyHost(), topology.proxyPort(), topology.members());
            PrimaryProxy stand = proxy;
            await("the primary Service stand-in finds the leader").atMost(Timeouts.PRIMARY_PROXY)
                    .until(() -> stand.primary().isPresent());
            // as the operator: verify-full to the primary Service, the superuser by its client certificate
            DatabaseSetupAccess.run(cluster.resource(), cluster.credentials(), proxy.address(), cluster.superuserTls());

            WorkflowDatabaseSpec spec = cluster.resource().getSpec();
            pgbouncer = new PgBouncerProcess();
            int port = PgBouncerProcess.freePort();
            // the operator points both aliases at Services; here the read-only one goes to the
            // primary stand-in too
            // the pooler's pod mounts the TLS Secret; PgBouncer gets its own copy where it can read it
            ClusterTlsFiles tls = cluster.tls();
            pgbouncer.writeTls(tls.caPem(), tls.server().certificatePem(), tls.server().privateKeyPem());
            RenderedPgBouncer ini = PgBouncerConfigRenderer.render(new PgBouncerRenderInput(spec.pgbouncer,
                    ClusterDefaults.database(spec), proxy.host(), proxy.host(), proxy.port(), ClusterDefaults.POOLER_AUTH_USER,
                    new PgBouncerLayout(port, pgbouncer.authFile().toString(), null, pgbouncer.tlsDirectory().toString()),
                    ClusterTls.served(spec, null, ClusterSettings.defaults().tlsDefault())));
            String authFileName = Path.of(PgBouncerLayout.DEFAULT_AUTH_FILE).getFileName().toString();
            String userList = Credentials.decode(cluster.desired().poolerAuth().getData()).get(authFileName);
            pgbouncer.start(ini.ini(), userList, port);
            return new PooledCluster(cluster, proxy, pgbouncer, port);
        } catch (Exception | Error e) {
            new PooledCluster(cluster, proxy, pgbouncer, 0).close();
            throw e;
        }
    }

    /** Stops PgBouncer, then the stand-in, then the cluster, each even when the one before failed. */
    @Override
    public void close() {
        try {
            Closeables.closeAll(pgbouncer, proxy, cluster);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
