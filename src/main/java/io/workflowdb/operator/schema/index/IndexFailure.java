package io.workflowdb.operator.schema.index;

/** An index the operator could not bring to its declared state, and why, in PostgreSQL's words where it spoke. */
public record IndexFailure(String index, String message) {
}
