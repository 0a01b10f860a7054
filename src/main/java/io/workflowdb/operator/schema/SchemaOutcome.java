package io.workflowdb.operator.schema;

import java.util.List;
import java.util.Map;

import io.workflowdb.operator.api.v1alpha1.SchemaStatus.MaterializedViewStatus;
import io.workflowdb.operator.schema.index.IndexReport;
import io.workflowdb.operator.schema.migration.MigrationOutcome;

/**
 * What one schema pass did: migrations, then indexes and views, which go ahead whatever the
 * migrations did.
 *
 * @param held the failed objects this pass left alone, waiting for their next attempt
 */
public record SchemaOutcome(MigrationOutcome migrations, IndexReport indexes, List<MaterializedViewStatus> views,
        Map<SchemaRetries.Key, String> held) {

    public SchemaOutcome {
        held = Map.copyOf(held);
    }

    /** Whether every migration, index and view is as declared. */
    public boolean complete() {
        return migrations.failure() == null && indexes.failed() == 0 && views.stream().allMatch(v -> v.error == null);
    }
}
