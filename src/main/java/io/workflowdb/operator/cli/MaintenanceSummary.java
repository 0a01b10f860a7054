package io.workflowdb.operator.cli;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Set;

import io.workflowdb.operator.api.v1alpha1.MaintenancePolicy;
import io.workflowdb.operator.api.v1alpha1.MaintenancePolicySpec;
import io.workflowdb.operator.api.v1alpha1.MaintenancePolicyStatus.ActionResult;
import io.workflowdb.operator.api.v1alpha1.MaintenancePolicyStatus.Reports;
import io.workflowdb.operator.maintenance.MaintenancePass;
import io.workflowdb.operator.maintenance.execute.MaintenanceExecutor;
import io.workflowdb.operator.maintenance.plan.MaintenanceAction;
import io.workflowdb.operator.maintenance.plan.MaintenancePlan;
import io.workflowdb.operator.maintenance.plan.MaintenancePlanner;
import io.workflowdb.operator.maintenance.plan.ReportKind;
import io.workflowdb.operator.schedule.Durations;

/** What {@code plan} and {@code apply} print for a MaintenancePolicy. */
final class MaintenanceSummary {

    private MaintenanceSummary() {
    }

    /** Prints each action of a run as planned now, with its exact statement. */
    static boolean plan(MaintenancePolicy policy, Connection c, PrintWriter out) throws SQLException {
        MaintenancePolicySpec spec = policy.getSpec();
        MaintenancePlan plan = MaintenancePass.plan(c, spec);
        out.println("-- each statement on its own in autocommit, for at most "
                + Durations.format(MaintenancePass.DEFAULT_ACTION_TIMEOUT) + " and within maxDuration "
                + Durations.format(MaintenancePlanner.maxDuration(spec)));
        for (MaintenanceAction action : plan.actions()) {
            out.println("-- " + action.name() + (action.note() == null ? "" : ": " + action.note()));
            if (action.sql() != null) {
                out.println(action.sql());
            }
        }
        plan.reports().forEach(report -> out.println("-- " + report.actionName()));
        return true;
    }

    /** Runs the actions once, a line per action as it ends, then prints the reports. */
    static boolean apply(String label, MaintenancePolicy policy, Connection c, Clock clock, PrintWriter out)
            throws SQLException {
        MaintenancePolicySpec spec = policy.getSpec();
        Reports previous = policy.getStatus() == null ? null : policy.getStatus().reports;
        MaintenanceExecutor.Limits limits = MaintenanceExecutor.Limits.whole(MaintenancePass.deadline(spec, clock.instant()),
                MaintenancePass.DEFAULT_ACTION_TIMEOUT);
        MaintenanceExecutor.Result result = MaintenancePass.run(c, spec, limits, clock, Set.of(), previous, action -> {
            out.println("  " + action.name + ": " + action.outcome + " in " + action.durationMs + " ms"
                    + (action.message == null ? "" : ": " + action.message));
            out.flush();
        });
        if (result.lockHeld()) {
            out.println(label + ": another maintenance run holds the lock on database " + result.database()
                    + "; nothing done");
            return false;
        }
        if (result.reports() != null) {
            printReports(result.reports(), out);
        }
        List<ActionResult> failed = result.results().stream().filter(a -> a.outcome == ActionResult.Outcome.Failed).toList();
        long skipped = result.results().stream().filter(a -> a.outcome == ActionResult.Outcome.Skipped).count();
        int all = result.results().size();
        out.println(label + ": " + (failed.isEmpty() ? all - skipped + " of " + all + " actions succeeded"
                : failed.size() + " of " + all + " actions failed ("
                        + String.join(", ", failed.stream().map(a -> a.name).toList()) + ")")
                + (skipped > 0 ? ", " + skipped + " skipped at maxDuration" : ""));
        return failed.isEmpty();
    }

    private static void printReports(Reports reports, PrintWriter out) {
        if (reports.unusedIndexes != null) {
            out.println("  " + ReportKind.UNUSED_INDEXES.label() + " (no scans since " + reports.statsSince + "): "
                    + reports.unusedIndexesTotal + " in all");
            reports.unusedIndexes.forEach(i -> out.println("    " + i.index + " on " + i.table + ", " + i.sizeBytes
                    + " bytes"));
        }
        if (reports.bloat != null) {
            out.println("  " + ReportKind.BLOAT.label() + ":" + (reports.bloat.isEmpty() ? " no table with dead tuples" : ""));
            reports.bloat.forEach(b -> out.println("    " + b.table + ": " + b.deadTuples + " dead tuples, "
                    + b.deadRatioPercent + " % of all, last vacuum " + (b.lastVacuum == null ? "never" : b.lastVacuum)));
        }
        if (reports.sizes != null) {
            out.println("  " + ReportKind.SIZES.label() + ": database " + reports.sizes.databaseBytes + " bytes"
                    + growth(reports.sizes.growthBytesSinceLastRun));
            reports.sizes.tables.forEach(t -> out.println("    " + t.table + ": " + t.bytes + " bytes" + growth(t.growthBytes)));
        }
    }

    private static String growth(Long bytes) {
        return bytes == null ? "" : " (" + (bytes >= 0 ? "+" : "") + bytes + " since the previous run)";
    }
}
