package io.workflowdb.operator.schema;

import java.util.List;

import io.workflowdb.operator.api.v1alpha1.SchemaStatus.MaterializedViewStatus;
import io.workflowdb.operator.schema.index.IndexReport;
import io.workflowdb.operator.schema.migration.MigrationOutcome;

/**
 * What one schema pass did: migrations first; indexes and views only when the migrations are
 * through, since they are declared on the tables the migrations make.
 *
 * @param indexes null when the migrations stopped the pass
 * @param views null when the migrations stopped the pass
 */
public record SchemaOutcome(MigrationOutcome migrations, IndexReport indexes, List<MaterializedViewStatus> views) {

    public boolean migrationsFailed() {
        return migrations.failure() != null;
    }
}
