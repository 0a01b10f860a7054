package io.workflowdb.operator.cli;

import java.io.PrintWriter;

import io.workflowdb.operator.schema.SchemaOutcome;
import io.workflowdb.operator.schema.migration.MigrationOutcome;

/** The lines {@code apply} prints for one schema pass. */
final class SchemaSummary {

    private SchemaSummary() {
    }

    /** A WorkflowDatabase without {@code spec.schema}: nothing to migrate, build or refresh. */
    static boolean none(String label, PrintWriter out) {
        out.println(label + ": no spec.schema, nothing to migrate");
        return true;
    }

    /** @return whether the schema is as declared */
    static boolean print(String label, SchemaOutcome outcome, PrintWriter out) {
        MigrationOutcome migrations = outcome.migrations();
        out.println(label + ": schema version " + migrations.version() + ", " + migrations.applied().size()
                + " migrations applied, " + migrations.pending() + " pending");
        migrations.applied().forEach(file -> out.println("  applied " + file));
        if (migrations.failure() != null) {
            out.println("  migration " + migrations.failure().kind() + ": " + migrations.failure().file() + ": "
                    + migrations.failure().message());
        }
        out.println("  indexes: " + outcome.indexes().ready() + " ready, " + outcome.indexes().building()
                + " building, " + outcome.indexes().failed() + " failed");
        outcome.indexes().executed().forEach(ddl -> out.println("  ran " + ddl));
        outcome.indexes().failures().forEach(f -> out.println("  index " + f.index() + " failed: " + f.message()));
        outcome.views().forEach(v -> out.println("  view " + v.name + (v.error != null ? " failed: " + v.error
                : " refreshed " + v.lastRefreshTime + " in " + v.lastRefreshMillis + " ms")));
        return outcome.complete();
    }
}
