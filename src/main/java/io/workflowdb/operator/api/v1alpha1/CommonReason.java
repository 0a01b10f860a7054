package io.workflowdb.operator.api.v1alpha1;

/** Condition reasons shared by every kind; each kind adds its own enum (WorkflowDatabaseReason and one per policy kind). */
public enum CommonReason {
    /** Everything the condition covers is as desired. */
    Reconciled,
    /** The spec breaks a rule; the message names the field. Not retried until the spec changes. */
    InvalidSpec,
    /** spec.databaseRef names a WorkflowDatabase that does not exist in the namespace. */
    DatabaseNotFound,
    /** The referenced WorkflowDatabase exists but is not Ready. */
    DatabaseNotReady,
    /** The database server could not be reached or refused the connection. */
    Unreachable,
    /** The operator connected and ran a query. */
    Connected,
    /** A Secret the spec names is missing or lacks a key. */
    SecretNotFound,
    /** An unexpected error; the message says what failed. The operator retries with back-off. */
    ReconcileError
}
