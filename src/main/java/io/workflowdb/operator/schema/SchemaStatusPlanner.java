package io.workflowdb.operator.schema;

import java.util.List;

import io.workflowdb.operator.api.v1alpha1.SchemaStatus;
import io.workflowdb.operator.api.v1alpha1.SchemaStatus.IndexError;
import io.workflowdb.operator.api.v1alpha1.SchemaStatus.MaterializedViewStatus;
import io.workflowdb.operator.schema.index.IndexReport;
import io.workflowdb.operator.schema.migration.MigrationOutcome;
import io.workflowdb.operator.status.ConditionStatus;
import io.workflowdb.operator.status.StatusAggregator;

/** Turns a schema pass into {@code status.schema} and the SchemaApplied condition. Pure. */
public final class SchemaStatusPlanner {

    public static final String SCHEMA_APPLIED = "SchemaApplied";

    private SchemaStatusPlanner() {
    }

    /** The failure's message, led by its file unless it already names it (or there is none). */
    static String describe(MigrationOutcome.Failure f) {
        if (f.file() == null || f.message().startsWith(f.file())) {
            return f.message();
        }
        return f.file() + ": " + f.message();
    }

    /** @return whether the schema is as declared */
    public static boolean apply(SchemaOutcome outcome, SchemaStatus status, StatusAggregator conditions) {
        MigrationOutcome migrations = outcome.migrations();
        status.version = migrations.version();
        status.pendingMigrations = migrations.pending();
        if (migrations.failure() != null) {
            MigrationOutcome.Failure f = migrations.failure();
            SchemaReason reason = switch (f.kind()) {
                case CHECKSUM_MISMATCH -> SchemaReason.ChecksumMismatch;
                case INVALID_NAME -> SchemaReason.InvalidMigrationName;
                case FAILED -> SchemaReason.MigrationFailed;
            };
            return fail(conditions, reason, describe(f));
        }
        status.indexes = counts(outcome.indexes());
        status.materializedViews = outcome.views().isEmpty() ? null : outcome.views();
        if (outcome.indexes().failed() > 0) {
            return fail(conditions, SchemaReason.IndexFailed, outcome.indexes().failures().stream()
                    .map(f -> f.index() + ": " + f.message()).reduce((a, b) -> a + "; " + b).orElse(""));
        }
        List<MaterializedViewStatus> broken = outcome.views().stream().filter(v -> v.error != null).toList();
        if (!broken.isEmpty()) {
            return fail(conditions, SchemaReason.ViewFailed, broken.stream().map(v -> v.name + ": " + v.error)
                    .reduce((a, b) -> a + "; " + b).orElse(""));
        }
        conditions.set(SCHEMA_APPLIED, ConditionStatus.True, SchemaReason.Applied,
                "schema version " + migrations.version() + ", " + outcome.indexes().ready() + " indexes ready, "
                        + outcome.views().size() + " materialized views");
        return true;
    }

    public static boolean fail(StatusAggregator conditions, SchemaReason reason, String message) {
        conditions.set(SCHEMA_APPLIED, ConditionStatus.False, reason, message);
        return false;
    }

    private static SchemaStatus.IndexCounts counts(IndexReport report) {
        SchemaStatus.IndexCounts counts = new SchemaStatus.IndexCounts();
        counts.ready = report.ready();
        counts.building = report.building();
        counts.failed = report.failed();
        counts.errors = report.failures().isEmpty() ? null : report.failures().stream().map(f -> {
            IndexError e = new IndexError();
            e.name = f.index();
            e.message = f.message();
            return e;
        }).toList();
        return counts;
    }
}
