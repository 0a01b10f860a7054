package io.workflowdb.operator.retention.execute;

import static io.workflowdb.operator.testing.Sql.execute;

import java.util.List;

import javax.sql.DataSource;

import io.workflowdb.operator.api.v1alpha1.RetentionPolicySpec;
import io.workflowdb.operator.api.v1alpha1.WhereFilter;
import io.workflowdb.operator.schema.migration.MigrationOutcome;
import io.workflowdb.operator.schema.migration.Migrations;
import io.workflowdb.operator.testing.TestPostgres;
import io.workflowdb.operator.testing.Sql;

/** Fresh databases with the built-in workflow schema, seeded tasks, and the specs the retention tests use. */
public final class RetentionDatabases {

    private RetentionDatabases() {
    }

    public static DataSource freshWorkflowSchema(String prefix) {
        DataSource db = TestPostgres.freshDatabase(prefix);
        MigrationOutcome outcome = Migrations.migrate(db, true, List.of());
        if (outcome.failure() != null) {
            throw new IllegalStateException(String.valueOf(outcome.failure()));
        }
        execute(db, "INSERT INTO projects (id, name) OVERRIDING SYSTEM VALUE VALUES (1, 'seed')");
        return db;
    }

    /**
     * Inserts {@code n} tasks of project 1 with the given status, completed {@code daysAgo} days
     * before the database's now() (NULL completed_at when daysAgo is null).
     */
    public static void insertTasks(DataSource db, int n, String status, Integer daysAgo) {
        String completed = daysAgo == null ? "NULL" : "now() - make_interval(days => " + daysAgo + ")";
        execute(db, "INSERT INTO tasks (project_id, title, status, priority, assigned_agent, completed_at)"
                + " SELECT 1, 'task ' || g, '" + status + "', g % 5, CASE WHEN g % 3 = 0 THEN NULL ELSE 'agent-' || (g % 4) END, "
                + completed + " FROM generate_series(1, " + n + ") AS g");
    }

    /** The seed's archival: completed tasks older than 90 days into tasks_archive. */
    public static RetentionPolicySpec seedArchival() {
        RetentionPolicySpec spec = new RetentionPolicySpec();
        spec.table = "tasks";
        spec.timestampColumn = "completed_at";
        spec.olderThan = "90d";
        spec.where = List.of(filter("status", WhereFilter.Operator.Equals, "completed"));
        spec.action = RetentionPolicySpec.Action.ARCHIVE;
        spec.archive = new RetentionPolicySpec.ArchiveSpec();
        spec.archive.table = "tasks_archive";
        spec.batchSize = 100;
        spec.allowCascade = true;
        return spec;
    }

    public static WhereFilter filter(String column, WhereFilter.Operator operator, String... values) {
        WhereFilter f = new WhereFilter();
        f.column = column;
        f.operator = operator;
        f.values = values.length == 0 ? null : List.of(values);
        return f;
    }


    public static long count(DataSource db, String sql) {
        return Sql.count(db, sql);
    }

}
