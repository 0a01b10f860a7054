package io.workflowdb.operator.partition.plan;

import io.workflowdb.operator.api.v1alpha1.PartitionPolicyReason;

/**
 * Why the planner emits no actions for a table. The reconciler turns it into a condition; the
 * {@code reason} is the condition reason.
 */
public record PartitionProblem(PartitionPolicyReason reason, String message) {

    static PartitionProblem tableMissing(String table) {
        return new PartitionProblem(PartitionPolicyReason.TableMissing, "table " + table + " does not exist");
    }

    static PartitionProblem notPartitioned(String table) {
        return new PartitionProblem(PartitionPolicyReason.NotPartitioned, "table " + table
                + " holds rows but is not partitioned; only an empty table is converted in place");
    }

    static PartitionProblem invalidSpec(String message) {
        return new PartitionProblem(PartitionPolicyReason.InvalidSpec, message);
    }
}
