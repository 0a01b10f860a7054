package io.workflowdb.operator.schema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.workflowdb.operator.api.v1alpha1.ConditionTypes;
import io.workflowdb.operator.api.v1alpha1.SchemaStatus;
import io.workflowdb.operator.api.v1alpha1.SchemaStatus.IndexError;
import io.workflowdb.operator.api.v1alpha1.SchemaStatus.MaterializedViewStatus;
import io.workflowdb.operator.api.v1alpha1.SchemaStatus.SchemaFailure;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabaseReason;
import io.workflowdb.operator.schema.index.IndexFailure;
import io.workflowdb.operator.schema.index.IndexReport;
import io.workflowdb.operator.schema.migration.MigrationOutcome;
import io.workflowdb.operator.status.ConditionStatus;
import io.workflowdb.operator.status.StatusAggregator;

/**
 * Turns a schema pass into {@code status.schema} and the SchemaApplied condition. Pure. The
 * condition is the schema's alone: it never changes Ready, so a failing index or migration stops
 * neither the policies of the database nor its health checks.
 */
public final class SchemaStatusMapper {

    private SchemaStatusMapper() {
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
        return apply(outcome, List.of(), status, conditions);
    }

    /**
     * Writes the whole outcome: version and pending migrations, index counts and errors, views, and
     * {@code failures} (each failing object with its next attempt). SchemaApplied is False while
     * anything fails, naming every failing object; the reason is the first kind that failed,
     * migrations before indexes before views.
     *
     * @return whether the schema is as declared
     */
    public static boolean apply(SchemaOutcome outcome, List<SchemaFailure> failures, SchemaStatus status,
            StatusAggregator conditions) {
        MigrationOutcome migrations = outcome.migrations();
        status.version = migrations.version();
        status.pendingMigrations = migrations.pending();
        status.indexes = counts(outcome.indexes());
        status.materializedViews = outcome.views().isEmpty() ? null : outcome.views();
        status.failures = failures.isEmpty() ? null : failures;
        Map<String, String> retries = new LinkedHashMap<>();
        failures.forEach(f -> retries.put(f.kind + "/" + f.name, f.nextAttempt));

        List<String> problems = new ArrayList<>();
        WorkflowDatabaseReason reason = null;
        if (migrations.failure() != null) {
            MigrationOutcome.Failure f = migrations.failure();
            reason = switch (f.kind()) {
                case CHECKSUM_MISMATCH -> WorkflowDatabaseReason.ChecksumMismatch;
                case INVALID_NAME -> WorkflowDatabaseReason.InvalidMigrationName;
                case FAILED -> WorkflowDatabaseReason.MigrationFailed;
            };
            problems.add(withRetry(describe(f), retries.get(SchemaRetries.MIGRATION + "/" + f.file())));
        }
        for (IndexFailure f : outcome.indexes().failures()) {
            reason = reason == null ? WorkflowDatabaseReason.IndexFailed : reason;
            problems.add(withRetry(f.index() + ": " + f.message(), retries.get(SchemaRetries.INDEX + "/" + f.index())));
        }
        for (MaterializedViewStatus v : outcome.views()) {
            if (v.error != null) {
                reason = reason == null ? WorkflowDatabaseReason.ViewFailed : reason;
                problems.add(withRetry(v.name + ": " + v.error, retries.get(SchemaRetries.VIEW + "/" + v.name)));
            }
        }
        if (reason != null) {
            return fail(conditions, reason, String.join("; ", problems));
        }
        conditions.set(ConditionTypes.SCHEMA_APPLIED, ConditionStatus.True, WorkflowDatabaseReason.Applied,
                "schema version " + migrations.version() + ", " + outcome.indexes().ready() + " indexes ready, "
                        + outcome.views().size() + " materialized views");
        return true;
    }

    private static String withRetry(String problem, String nextAttempt) {
        return nextAttempt == null ? problem : problem + " (next attempt " + nextAttempt + ")";
    }

    public static boolean fail(StatusAggregator conditions, WorkflowDatabaseReason reason, String message) {
        conditions.set(ConditionTypes.SCHEMA_APPLIED, ConditionStatus.False, reason, message);
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
