package io.workflowdb.operator.schema;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
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
 * declared indexes, materialized views. The operator and the {@code apply} command both run this;
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
        MigrationOutcome migrations = Migrations.migrate(db, workflow(spec), scripts);
        if (migrations.failure() != null) {
            return new SchemaOutcome(migrations, null, null);
        }
        try (Connection c = db.getConnection()) {
            // concurrent index builds and drops refuse to run inside a transaction block
            c.setAutoCommit(true);
            Optional<AdvisoryLock> lock = AdvisoryLock.tryAcquire(c, LOCK_KEY);
            if (lock.isEmpty()) {
                throw new BusyException();
            }
            try (AdvisoryLock held = lock.get()) {
                IndexReport indexes = Indexes.reconcile(c, list(spec.indexes), clock);
                List<MaterializedViewStatus> views = MaterializedViews.reconcile(c, list(spec.materializedViews),
                        previousViews == null ? List.of() : previousViews, clock);
                return new SchemaOutcome(migrations, indexes, views);
            }
        }
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
