package io.workflowdb.operator.cli;

import java.io.PrintWriter;

import io.workflowdb.operator.partition.PartitionPass;
import io.workflowdb.operator.partition.execute.ExecutionReport;

/** The lines {@code apply} prints for one partition pass. */
final class PartitionSummary {

    private PartitionSummary() {
    }

    /** @return whether the table is as the policy asks */
    static boolean print(String label, PartitionPass.Result result, PrintWriter out) {
        if (result.problem() != null) {
            out.println(label + ": " + result.problem().reason() + ": " + result.problem().message());
            return false;
        }
        ExecutionReport report = result.report();
        out.println(label + ": " + report.created() + " created, " + report.detached() + " detached, " + report.dropped()
                + " dropped, " + report.movedRows() + " rows moved out of the default partition");
        report.executed().forEach(sql -> out.println("  ran " + sql));
        if (report.failure() != null) {
            out.println("  failed: " + report.failure());
        }
        return report.succeeded();
    }
}
