package io.workflowdb.operator.cluster.access;

import java.sql.SQLException;
import java.time.Instant;
import java.util.Properties;

import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.tls.KeyAndCertificate;
import io.workflowdb.operator.tls.PemTlsFactory;

/** Lets tests outside this package run the operator's own set-up of a new cluster's database. */
public final class DatabaseSetupAccess {

    private DatabaseSetupAccess() {
    }

    /** What the reconciler runs once the primary answers: owner role, database, PgBouncer's auth role and function. */
    public static void run(WorkflowDatabase db, Credentials credentials, String primaryAddress) throws SQLException {
        DatabaseSetup.run(db, credentials, primaryAddress);
    }

    /**
     * The same over TLS, as the operator runs it on a cluster that serves TLS: {@code tls} are the
     * driver properties of {@link #superuserTls}. The pooler's lookup goes into the application
     * database, as the tests' PgBouncer 1.18 needs it.
     */
    public static void run(WorkflowDatabase db, Credentials credentials, String primaryAddress, Properties tls)
            throws SQLException {
        DatabaseSetup.run(db, credentials, primaryAddress, tls, null);
    }

    /** The operator's client certificate for the superuser (CN=postgres), as it issues it in memory. */
    public static KeyAndCertificate issueOperator(KeyAndCertificate authority) {
        return ClusterCertificates.issueOperator(authority, Instant.now());
    }

    /** Driver properties trusting {@code authority} and presenting a fresh operator certificate. */
    public static Properties superuserTls(KeyAndCertificate authority) {
        return PemTlsFactory.properties(authority.certificatePem(), issueOperator(authority));
    }
}
