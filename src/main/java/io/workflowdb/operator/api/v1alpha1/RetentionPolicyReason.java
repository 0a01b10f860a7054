package io.workflowdb.operator.api.v1alpha1;

/** Reasons of a RetentionPolicy's Ready condition. */
public enum RetentionPolicyReason {
    /** No run is due; the last one succeeded (or there was none yet). */
    Scheduled,
    /** A run is in progress; the message counts the rows so far. */
    Running,
    /** spec.suspend is set: no new run starts. */
    Suspended,
    /** The table does not exist. */
    TableMissing,
    /** The table has no primary key, which batches need to find the rows they lock. */
    NoPrimaryKey,
    /** A column the spec names is missing or of a type the filter cannot use. */
    ColumnMismatch,
    /** The archive table does not exist and spec.archive.createIfMissing is false. */
    ArchiveMissing,
    /** The archive table's columns do not fit the source's; the message lists them. */
    ArchiveMismatch,
    /** Another table references the table with a cascading foreign key and spec.allowCascade is false. */
    CascadingForeignKey,
    /** A row due to move is still referenced through a foreign key; the message names the constraint. */
    ForeignKeyReferenced,
    /** A statement failed; the message says which and why. */
    RunFailed,
    /**
     * The connection broke, the server went away, or a batch's lock wait timed out; the run stays
     * Running and resumes by itself.
     */
    Interrupted
}
