package io.workflowdb.operator.partition.execute;

import java.util.List;

/**
 * What one run of partition actions did.
 *
 * @param created partitions created (a subpartitioned range partition counts once)
 * @param detached partitions detached, finalized detaches included
 * @param dropped partitions dropped
 * @param movedRows rows moved out of the default partition into new range partitions
 * @param executed the statements of the committed steps, in order
 * @param failure PostgreSQL's message for the step that stopped the run, null when all ran
 */
public record ExecutionReport(int created, int detached, int dropped, long movedRows, List<String> executed,
        String failure) {

    public ExecutionReport {
        executed = List.copyOf(executed);
    }

    public boolean succeeded() {
        return failure == null;
    }
}
