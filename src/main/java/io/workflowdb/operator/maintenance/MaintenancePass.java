package io.workflowdb.operator.maintenance;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import io.workflowdb.operator.api.v1alpha1.MaintenancePolicySpec;
import io.workflowdb.operator.api.v1alpha1.MaintenancePolicyStatus.Reports;
import io.workflowdb.operator.maintenance.execute.MaintenanceExecutor;
import io.workflowdb.operator.maintenance.plan.MaintenancePlan;
import io.workflowdb.operator.maintenance.plan.MaintenancePlanner;

/**
 * One maintenance run against a database, as the operator's scheduled run and the {@code apply}
 * command both do it: the actions planned from the catalog, run one at a time within the run's
 * maxDuration (and, for the operator, a slice), then the reports. {@link #plan} is the read-only
 * twin for {@code plan}.
 */
public final class MaintenancePass {

    /** The longest one action may run unless the operator setting workflowdb.maintenance.action-timeout says otherwise. */
    public static final Duration DEFAULT_ACTION_TIMEOUT = MaintenanceExecutor.DEFAULT_ACTION_TIMEOUT;

    private MaintenancePass() {
    }

    /** When a run started at {@code start} must end: spec.maxDuration later, or the default's. */
    public static Instant deadline(MaintenancePolicySpec spec, Instant start) {
        return start.plus(MaintenancePlanner.maxDuration(spec));
    }

    /** The run's actions and reports as they would be planned now; reads the catalog only. */
    public static MaintenancePlan plan(Connection autocommit, MaintenancePolicySpec spec) throws SQLException {
        return MaintenanceExecutor.plan(autocommit, spec);
    }

    /**
     * Runs the actions not in {@code done} within {@code limits}, then the reports once every action has a result.
     *
     * @param previous the previous run's reports, the base of the growth figures; null when none
     */
    public static MaintenanceExecutor.Result run(Connection autocommit, MaintenancePolicySpec spec,
            MaintenanceExecutor.Limits limits, Clock clock, Set<String> done, Reports previous,
            MaintenanceExecutor.Progress progress) throws SQLException {
        return MaintenanceExecutor.run(autocommit, spec, limits, clock, done, previous, progress);
    }
}
