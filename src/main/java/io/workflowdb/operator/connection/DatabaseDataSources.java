package io.workflowdb.operator.connection;

import java.sql.SQLException;

import javax.sql.DataSource;

import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;

/**
 * The one way from a WorkflowDatabase to connections on its primary, used by the WorkflowDatabase
 * reconciler, the policies and the health monitor alike. The cluster capability knows how (an
 * external server's Secret, or a managed cluster's owner credentials and authority); the others only ask.
 */
public interface DatabaseDataSources {

    /** A pooled DataSource on the database's primary; the message of a failure names no secret. */
    DataSource dataSource(WorkflowDatabase database) throws SQLException;
}
