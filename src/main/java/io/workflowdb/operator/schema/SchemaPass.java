package io.workflowdb.operator.schema;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import io.workflowdb.operator.api.v1alpha1.SchemaSpec;
import io.workflowdb.operator.api.v1alpha1.SchemaStatus.MaterializedViewStatus;
import io.workflowdb.operator.schema.index.IndexReport;
import io.workflowdb.operator.schema.index.Indexes;
import io.workflowdb.operator.schema.migration.MigrationOutcome;
import io.workflowdb.operator.schema.migration.MigrationScript;
import io.workflowdb.operator.schema.migration.Migrations;
import io.workflowdb.operator.schema.view.MaterializedViews;
import io.workflowdb.operator.sql.AdvisoryLock;

/**
 * Applies {@code spec.schema} to one database, in order: migrations (built-in, then the user's),
 * declared indexes, materialized views; a failure of one object never stops the others. The operator and the {@code apply} command both run this;
 * {@link #plan} is its read-only twin for the {@code plan} command.
 */
public final class SchemaPass {

    /** Two writers (operator replicas, or the operator and an {@code apply}) never build at once. */
    static final String LOCK_KEY = "schema";

    private SchemaPass() {
    }

    /** Another session holds the schema lock of this database. */
    public static final class BusyException extends SQLException {
        BusyException() {
            super("another session is applying indexes and views to this database; the next pass tries again");
        }
    }

    public static SchemaOutcome apply(DataSource db, SchemaSpec spec, List<MigrationScript> scripts,
            List<MaterializedViewStatus> previousViews, Clock clock) throws SQLException {
        return apply(db, spec, scripts, previousViews, Map.of(), clock);
    }

    /**
     * One pass, each object on its own: a failing migration stops the migrations after it, and
     * indexes and views go ahead all the same (one on a table the migration would create fails
     * with PostgreSQL's message). Objects in {@code held} are left alone and keep their message,
     * unless a migration applied in this pass, which may have made what they lacked.
     */
    public static SchemaOutcome apply(DataSource db, SchemaSpec spec, List<MigrationScript> scripts,
            List<MaterializedViewStatus> previousViews, Map<SchemaRetries.Key, String> held, Clock clock)
            throws SQLException {
        Optional<Map.Entry<SchemaRetries.Key, String>> heldMigration = held.entrySet().stream()
                .filter(e -> e.getKey().kind().equals(SchemaRetries.MIGRATION)).findFirst();
        MigrationOutcome migrations = heldMigration.isPresent()
                ? waiting(Migrations.plan(db, workflow(spec), scripts), heldMigration.get())
                : Migrations.migrate(db, workflow(spec), scripts);
        Map<SchemaRetries.Key, String> stillHeld = migrations.applied().isEmpty() ? held : Map.of();
        try (Connection c = db.getConnection()) {
            // concurrent index builds and drops refuse to run inside a transaction block
            c.setAutoCommit(true);
            Optional<AdvisoryLock> lock = AdvisoryLock.tryAcquire(c, LOCK_KEY);
            if (lock.isEmpty()) {
                throw new BusyException();
            }
            try (AdvisoryLock schemaLock = lock.get()) {
                IndexReport indexes = Indexes.reconcile(c, list(spec.indexes), names(stillHeld, SchemaRetries.INDEX), clock);
                List<MaterializedViewStatus> views = MaterializedViews.reconcile(c, list(spec.materializedViews),
                        previousViews == null ? List.of() : previousViews, names(stillHeld, SchemaRetries.VIEW), clock);
                return new SchemaOutcome(migrations, indexes, views, stillHeld);
            }
        }
    }

    /** A held migration is not run again: the plan's own problem if it found one, else the held failure. */
    private static MigrationOutcome waiting(MigrationOutcome plan, Map.Entry<SchemaRetries.Key, String> held) {
        if (plan.failure() != null) {
            return plan;
        }
        return new MigrationOutcome(plan.version(), plan.pendingFiles(), List.of(),
                new MigrationOutcome.Failure(MigrationOutcome.Kind.FAILED, held.getKey().name(), held.getValue()));
    }

    private static Map<String, String> names(Map<SchemaRetries.Key, String> held, String kind) {
        Map<String, String> names = new LinkedHashMap<>();
        held.forEach((key, message) -> {
            if (key.kind().equals(kind)) {
                names.put(key.name(), message);
            }
        });
        return names;
    }

    /** The pending migrations and the exact DDL of indexes and views; changes nothing. */
    public static List<String> plan(DataSource db, SchemaSpec spec, List<MigrationScript> scripts,
            List<MaterializedViewStatus> previousViews, Clock clock) throws SQLException {
        MigrationOutcome migrations = Migrations.plan(db, workflow(spec), scripts);
        List<String> lines = new ArrayList<>();
        if (migrations.failure() != null) {
            lines.add("-- migrations cannot run: " + migrations.failure().file() + ": " + migrations.failure().message());
            return lines;
        }
        migrations.pendingFiles().forEach(file -> lines.add("-- migration pending: " + file));
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(true);
            lines.addAll(Indexes.plan(c, list(spec.indexes), clock));
            lines.addAll(MaterializedViews.plan(c, list(spec.materializedViews),
                    previousViews == null ? List.of() : previousViews, clock));
        }
        return lines;
    }

    private static boolean workflow(SchemaSpec spec) {
        return Boolean.TRUE.equals(spec.workflow);
    }

    private static <T> List<T> list(List<T> items) {
        return items == null ? List.of() : items;
    }
}
