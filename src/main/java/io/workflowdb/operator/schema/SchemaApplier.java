package io.workflowdb.operator.schema;

import java.sql.SQLException;
import java.time.Clock;
import java.util.List;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.workflowdb.operator.api.v1alpha1.SchemaSpec;
import io.workflowdb.operator.api.v1alpha1.SchemaStatus;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.schema.migration.MigrationScript;
import io.workflowdb.operator.status.StatusAggregator;

/**
 * Keeps a WorkflowDatabase's {@code spec.schema} true on its database at every reconcile: an index
 * dropped by hand comes back, a due view refresh or rolling-window rebuild runs, and the outcome is
 * written to {@code status.schema} and the SchemaApplied condition.
 */
@ApplicationScoped
public class SchemaApplier {

    @Inject
    MigrationConfigMaps configMaps;

    @Inject
    Clock clock;

    /** @return false when the schema is not as declared (the condition says why) */
    public boolean apply(WorkflowDatabase db, DataSource database, StatusAggregator conditions) {
        SchemaSpec spec = db.getSpec().schema;
        if (spec == null) {
            db.getStatus().schema = null;
            return true;
        }
        SchemaStatus status = db.getStatus().schema == null ? new SchemaStatus() : db.getStatus().schema;
        db.getStatus().schema = status;
        List<MigrationScript> scripts;
        try {
            scripts = configMaps.scripts(db);
        } catch (MigrationConfigMaps.MissingConfigMapException e) {
            return SchemaStatusPlanner.fail(conditions, SchemaReason.ConfigMapNotFound, e.getMessage());
        }
        try {
            SchemaOutcome outcome = SchemaPass.apply(database, spec, scripts, status.materializedViews, clock);
            return SchemaStatusPlanner.apply(outcome, status, conditions);
        } catch (SchemaPass.BusyException e) {
            return SchemaStatusPlanner.fail(conditions, SchemaReason.Busy, e.getMessage());
        } catch (SQLException e) {
            return SchemaStatusPlanner.fail(conditions, SchemaReason.Unreachable, e.getMessage());
        }
    }
}
