package io.workflowdb.operator.status;

/** Condition reasons shared by every kind. Each capability may add its own. */
public enum Reason {
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
