package io.workflowdb.operator.cluster;

import java.sql.SQLException;

import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;

/** Lets tests outside this package run the operator's own set-up of a new cluster's database. */
public final class DatabaseSetupAccess {

    private DatabaseSetupAccess() {
    }

    /** What the reconciler runs once the primary answers: owner role, database, PgBouncer's auth role and function. */
    public static void run(WorkflowDatabase db, Credentials credentials, String primaryAddress) throws SQLException {
        DatabaseSetup.run(db, credentials, primaryAddress);
    }
}
