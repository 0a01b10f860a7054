package io.workflowdb.operator.maintenance.plan;

import java.util.List;

/** The actions of one run in order, then the reports it collects. */
public record MaintenancePlan(List<MaintenanceAction> actions, List<ReportKind> reports) {

    public MaintenancePlan {
        actions = List.copyOf(actions);
        reports = List.copyOf(reports);
    }
}
