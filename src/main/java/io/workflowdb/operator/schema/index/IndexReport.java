package io.workflowdb.operator.schema.index;

import java.util.List;

/**
 * The declared indexes after a reconcile, counted from a fresh catalog read.
 *
 * @param ready    declared indexes that exist, are owned and are valid
 * @param building declared indexes not failed but not valid yet (another session is building them)
 * @param failed   indexes with a failure below: declared ones that could not be built, and owned
 *                 ones that could not be dropped
 * @param executed every statement sent, in order, transactions between BEGIN and COMMIT
 */
public record IndexReport(int ready, int building, int failed, List<IndexFailure> failures, List<String> executed) {

    public IndexReport {
        failures = List.copyOf(failures);
        executed = List.copyOf(executed);
    }
}
