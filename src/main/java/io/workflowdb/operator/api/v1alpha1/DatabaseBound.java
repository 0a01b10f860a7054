package io.workflowdb.operator.api.v1alpha1;

/** A spec that acts on one WorkflowDatabase of its namespace. */
public interface DatabaseBound {

    LocalObjectReference databaseRef();
}
