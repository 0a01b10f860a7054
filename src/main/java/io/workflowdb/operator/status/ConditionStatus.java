package io.workflowdb.operator.status;

/** The three values of a Kubernetes condition's status. */
public enum ConditionStatus {
    True,
    False,
    Unknown
}
