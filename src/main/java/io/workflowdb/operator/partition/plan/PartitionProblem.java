package io.workflowdb.operator.partition.plan;

/**
 * Why the planner emits no actions for a table. The reconciler turns it into a condition; the
 * {@code reason} is the condition reason.
 */
public record PartitionProblem(Reason reason, String message) {

    public enum Reason {
        /** The table does not exist; there is no template to create it from. */
        TableMissing,
        /** The table holds rows and is not partitioned; converting it needs a data migration. */
        NotPartitioned,
        /** The table's partitioning contradicts the policy (strategy, key, modulus, time zone). */
        InvalidSpec
    }

    static PartitionProblem tableMissing(String table) {
        return new PartitionProblem(Reason.TableMissing, "table " + table + " does not exist");
    }

    static PartitionProblem notPartitioned(String table) {
        return new PartitionProblem(Reason.NotPartitioned, "table " + table
                + " holds rows but is not partitioned; only an empty table is converted in place");
    }

    static PartitionProblem invalidSpec(String message) {
        return new PartitionProblem(Reason.InvalidSpec, message);
    }
}
