package io.workflowdb.operator.policy;

import java.sql.SQLException;

import javax.sql.DataSource;

import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;

/**
 * Where a policy gets connections to the database it refers to. The WorkflowDatabase's own
 * capability knows how (an external server's Secret, or a managed cluster's owner credentials); the
 * policies only ask.
 */
public interface PolicyDatabases {

    /** A pooled DataSource on the database's primary; the message of a failure names no secret. */
    DataSource dataSource(WorkflowDatabase database) throws SQLException;
}
