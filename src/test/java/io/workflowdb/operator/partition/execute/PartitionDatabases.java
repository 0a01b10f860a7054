package io.workflowdb.operator.partition.execute;

import static io.workflowdb.operator.testing.Sql.execute;

import java.util.List;

import javax.sql.DataSource;

import io.workflowdb.operator.schema.migration.MigrationOutcome;
import io.workflowdb.operator.schema.migration.Migrations;
import io.workflowdb.operator.testing.TestPostgres;
import io.workflowdb.operator.testing.Sql;

/** Fresh databases with the built-in workflow schema, and the little SQL the partition tests need. */
final class PartitionDatabases {

    private PartitionDatabases() {
    }

    static DataSource freshWorkflowSchema(String prefix) {
        DataSource db = TestPostgres.freshDatabase(prefix);
        MigrationOutcome outcome = Migrations.migrate(db, true, List.of());
        if (outcome.failure() != null) {
            throw new IllegalStateException(String.valueOf(outcome.failure()));
        }
        return db;
    }


    static long count(DataSource db, String sql) {
        return Sql.count(db, sql);
    }


    /** Events at the given timestamptz literals. */
    static void insertEvents(DataSource db, String... occurredAt) {
        for (String at : occurredAt) {
            execute(db, "INSERT INTO workflow_events (occurred_at, event_type, event_category, action, project_id)"
                    + " VALUES ('" + at + "', 'task', 'lifecycle', 'created', " + at.hashCode() % 97 + ")");
        }
    }
}
