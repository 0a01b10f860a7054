package io.workflowdb.operator.partition.execute;

import static io.workflowdb.operator.testing.Sql.execute;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import javax.sql.DataSource;

import io.workflowdb.operator.schema.migration.MigrationOutcome;
import io.workflowdb.operator.schema.migration.Migrations;
import io.workflowdb.operator.testing.TestPostgres;

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
        try (Connection c = db.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Events at the given timestamptz literals. */
    static void insertEvents(DataSource db, String... occurredAt) {
        for (String at : occurredAt) {
            execute(db, "INSERT INTO workflow_events (occurred_at, event_type, event_category, action, project_id)"
                    + " VALUES ('" + at + "', 'task', 'lifecycle', 'created', " + at.hashCode() % 97 + ")");
        }
    }
}
