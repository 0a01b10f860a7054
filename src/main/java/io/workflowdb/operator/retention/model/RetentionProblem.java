package io.workflowdb.operator.retention.model;

import io.workflowdb.operator.api.v1alpha1.RetentionPolicyReason;

/** Why a run cannot start or had to stop; the message names the tables, columns or constraint. */
public record RetentionProblem(RetentionPolicyReason reason, String message) {
}
