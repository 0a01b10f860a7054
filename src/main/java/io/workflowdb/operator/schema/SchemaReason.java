package io.workflowdb.operator.schema;

/** Reasons of the SchemaApplied condition. */
public enum SchemaReason {
    /** Migrations, indexes and views are as declared. */
    Applied,
    /** A migration failed and was rolled back; the message names the file and PostgreSQL's error. */
    MigrationFailed,
    /** An applied migration was edited afterwards; nothing was changed. */
    ChecksumMismatch,
    /** A migration's name is not V<version>__<description>.sql. */
    InvalidMigrationName,
    /** A ConfigMap named in spec.schema.migrations does not exist. */
    ConfigMapNotFound,
    /** One or more indexes could not be built; status.schema.indexes.errors says why. */
    IndexFailed,
    /** One or more materialized views could not be created or refreshed. */
    ViewFailed,
    /** Another session (a second operator replica, or the apply command) is applying the schema. */
    Busy,
    /** The database could not be reached for the schema pass. */
    Unreachable
}
