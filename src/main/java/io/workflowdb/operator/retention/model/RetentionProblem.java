package io.workflowdb.operator.retention.model;

import io.workflowdb.operator.retention.RetentionReason;

/** Why a run cannot start or had to stop; the message names the tables, columns or constraint. */
public record RetentionProblem(RetentionReason reason, String message) {
}
