package io.workflowdb.operator.cluster;

import java.sql.SQLException;
import java.time.Instant;

import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.tls.KeyAndCertificate;
import io.workflowdb.operator.tls.RegisteredTlsFactory;
import io.workflowdb.operator.tls.TlsContexts;

/** Lets tests outside this package run the operator's own set-up of a new cluster's database. */
public final class DatabaseSetupAccess {

    private DatabaseSetupAccess() {
    }

    /** What the reconciler runs once the primary answers: owner role, database, PgBouncer's auth role and function. */
    public static void run(WorkflowDatabase db, Credentials credentials, String primaryAddress) throws SQLException {
        DatabaseSetup.run(db, credentials, primaryAddress);
    }

    /**
     * The same over TLS, as the operator runs it on a cluster that serves TLS: {@code tlsContext} names a
     * context registered with {@link RegisteredTlsFactory} that trusts the cluster's CA and presents the
     * superuser's client certificate (see {@link #registerOperatorContext}).
     */
    public static void run(WorkflowDatabase db, Credentials credentials, String primaryAddress, String tlsContext)
            throws SQLException {
        DatabaseSetup.run(db, credentials, primaryAddress, tlsContext);
    }

    /** The operator's client certificate for the superuser (CN=postgres), as it issues it in memory. */
    public static KeyAndCertificate issueOperator(KeyAndCertificate authority) {
        return ClusterCertificates.issueOperator(authority, Instant.now());
    }

    /** Registers, under {@code key}, a context trusting {@code authority} and presenting a fresh operator certificate. */
    public static void registerOperatorContext(String key, KeyAndCertificate authority) {
        RegisteredTlsFactory.register(key, TlsContexts.of(authority.certificatePem(), issueOperator(authority)));
    }
}
