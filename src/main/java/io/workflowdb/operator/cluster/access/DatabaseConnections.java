package io.workflowdb.operator.cluster.access;

import java.sql.SQLException;
import java.util.List;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.agroal.api.AgroalDataSource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.cluster.ClusterSettings;
import io.workflowdb.operator.cluster.model.ClusterDefaults;
import io.workflowdb.operator.cluster.model.ClusterNames;
import io.workflowdb.operator.connection.DatabaseDataSources;
import io.workflowdb.operator.sql.ConnectionSettings;
import io.workflowdb.operator.sql.DatabasePools;
import io.workflowdb.operator.tls.ServedTls;

/**
 * The one pool per WorkflowDatabase that the reconciler and the policies share: to the external
 * server with its Secret's user, or to a managed cluster's primary as the database owner.
 */
@ApplicationScoped
public class DatabaseConnections implements DatabaseDataSources {

    @Inject
    ExternalConnections external;

    @Inject
    KubernetesClient client;

    @Inject
    ClusterSettings settings;

    @Inject
    DatabasePools pools;

    @Inject
    CertificateStore certificates;

    @Override
    public DataSource dataSource(WorkflowDatabase db) throws SQLException {
        try {
            return dataSource(db, settings(db));
        } catch (ExternalConnections.MissingCredentialsException e) {
            throw new SQLException(e.getMessage(), "28000", e);
        }
    }

    /**
     * The database's pool with {@code settings} the caller just worked out: a pool whose settings
     * differ is replaced.
     */
    public AgroalDataSource dataSource(WorkflowDatabase db, ConnectionSettings settings) throws SQLException {
        return pools.get(key(db), settings);
    }

    /** The key of a database's pool, and of everything else the operator keeps per database: namespace/name. */
    public static String key(WorkflowDatabase db) {
        return db.getMetadata().getNamespace() + "/" + db.getMetadata().getName();
    }

    ConnectionSettings settings(WorkflowDatabase db) throws ExternalConnections.MissingCredentialsException {
        if (db.getSpec().external != null) {
            return external.settings(db);
        }
        Secret secret = client.secrets().inNamespace(ClusterNames.namespace(db)).withName(ClusterNames.credentialsSecret(db))
                .get();
        String password = secret == null ? null : Credentials.decode(secret.getData()).get(Credentials.OWNER);
        if (password == null) {
            throw new ExternalConnections.MissingCredentialsException("Secret " + ClusterNames.credentialsSecret(db)
                    + " with key " + Credentials.OWNER + " does not exist in namespace " + ClusterNames.namespace(db));
        }
        return owner(db, password, settings, servesTls(db) ? certificates.authorityPem(db) : null);
    }

    /** What the cluster served at its latest reconcile; a cluster not reconciled yet is new, so it will. */
    private static boolean servesTls(WorkflowDatabase db) {
        var status = db.getStatus();
        return status == null || status.tls == null || !ServedTls.Mode.OFF.value().equals(status.tls.mode);
    }

    /**
     * The database owner on the primary of a managed cluster: with the cluster's authority (PEM, null
     * without TLS) verifying the server's certificate and name against it only.
     */
    public static ConnectionSettings owner(WorkflowDatabase db, String password, ClusterSettings settings, String authorityPem) {
        return new ConnectionSettings(
                List.of(settings.databaseAddress(ClusterNames.primaryService(db), ClusterNames.namespace(db))),
                ClusterDefaults.database(db.getSpec()), authorityPem != null ? "verify-full" : "prefer",
                ClusterDefaults.owner(db.getSpec()), password, authorityPem);
    }
}
