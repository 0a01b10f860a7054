package io.workflowdb.operator.schema.migration;

import static io.workflowdb.operator.schema.migration.TestDatabases.column;
import static io.workflowdb.operator.testing.Sql.execute;
import static io.workflowdb.operator.schema.migration.TestDatabases.exists;
import static io.workflowdb.operator.schema.migration.TestDatabases.value;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The built-in workflow schema, installed once into this class's database. */
class BuiltinSchemaTest {

    private static DataSource db;
    private static MigrationOutcome installed;

    @BeforeAll
    static void install() {
        db = TestDatabases.fresh("mig_builtin");
        installed = Migrations.migrate(db, true, List.of());
    }

    @Test
    void installsTheWorkflowTablesIntoPublicAndTheHistoryIntoWorkflowdb() {
        assertThat(installed.failure()).isNull();
        assertThat(installed.applied()).containsExactly("builtin/V1__workflow_schema.sql");
        assertThat(installed.version()).isEqualTo("builtin 1");
        assertThat(installed.pending()).isZero();
        assertThat(column(db, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE '%\\_p_'"
                + " AND tablename NOT LIKE '%\\_default' ORDER BY 1"))
                .containsExactly("projects", "task_executions", "tasks", "tasks_archive", "validations", "workflow_events");
        assertThat(column(db, "SELECT tablename FROM pg_tables WHERE schemaname = 'workflowdb'"))
                .containsExactly("builtin_schema_history");
    }

    @Test
    void aSecondRunAppliesNothing() {
        MigrationOutcome again = Migrations.migrate(db, true, List.of());

        assertThat(again.failure()).isNull();
        assertThat(again.applied()).isEmpty();
        assertThat(again.version()).isEqualTo("builtin 1");
    }

    @Test
    void workflowEventsAcceptRowsAtOnceIntoTheDefaultPartition() {
        execute(db, "INSERT INTO workflow_events (event_type, event_category, action, description, event_data)"
                + " VALUES ('data_archival', 'system', 'archive_tasks', 'test', jsonb_build_object('n', 1))");

        assertThat(value(db, "SELECT tableoid::regclass::text FROM workflow_events WHERE description = 'test'"))
                .isEqualTo("workflow_events_default");
    }

    @Test
    void taskExecutionsHaveFourHashPartitionsThatTakeRows() {
        assertThat(value(db, "SELECT partstrat FROM pg_partitioned_table WHERE partrelid = 'task_executions'::regclass"))
                .isEqualTo("h");
        assertThat(column(db, "SELECT pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                + " WHERE i.inhparent = 'task_executions'::regclass ORDER BY 1"))
                .containsExactly("FOR VALUES WITH (modulus 4, remainder 0)", "FOR VALUES WITH (modulus 4, remainder 1)",
                        "FOR VALUES WITH (modulus 4, remainder 2)", "FOR VALUES WITH (modulus 4, remainder 3)");

        String project = value(db, "INSERT INTO projects (name) VALUES ('hash') RETURNING id");
        execute(db, "INSERT INTO tasks (project_id, title) SELECT " + project + ", 'task ' || n FROM generate_series(1, 20) n",
                "INSERT INTO task_executions (task_id, agent_type, execution_status, duration, memory_usage_mb)"
                        + " SELECT id, 'codegen', 'completed', interval '3 seconds', 128 FROM tasks WHERE project_id = " + project);

        assertThat(column(db, "SELECT DISTINCT tableoid::regclass::text FROM task_executions")).hasSizeGreaterThan(1);
    }

    @Test
    void primaryKeysContainThePartitionKeys() {
        assertThat(primaryKey("task_executions")).contains("task_id");
        assertThat(primaryKey("workflow_events")).contains("occurred_at");
    }

    @Test
    void tasksRefuseAStatusOutsideTheWorkflow() {
        String project = value(db, "INSERT INTO projects (name) VALUES ('status') RETURNING id");

        assertThat(value(db, "INSERT INTO tasks (project_id, title, status) VALUES (" + project + ", 't', 'validation') RETURNING status"))
                .isEqualTo("validation");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> execute(db,
                "INSERT INTO tasks (project_id, title, status) VALUES (" + project + ", 't', 'done')")))
                .hasMessageContaining("tasks_status_check");
    }

    @Test
    void updatesTouchUpdatedAt() {
        String project = value(db, "INSERT INTO projects (name) VALUES ('touch') RETURNING id");
        String task = value(db, "INSERT INTO tasks (project_id, title, updated_at) VALUES (" + project
                + ", 't', now() - interval '1 day') RETURNING id");

        execute(db, "UPDATE tasks SET status = 'in_progress' WHERE id = " + task);

        assertThat(value(db, "SELECT updated_at > now() - interval '1 minute' FROM tasks WHERE id = " + task)).isEqualTo("t");
    }

    @Test
    void theGuidesAggregationsRun() {
        String project = value(db, "INSERT INTO projects (name) VALUES ('seed') RETURNING id");
        execute(db, "INSERT INTO tasks (project_id, title, priority, assigned_agent) SELECT " + project
                + ", 'seed ' || n, n % 5, CASE WHEN n % 2 = 0 THEN 'codegen' ELSE 'claude_code' END FROM generate_series(1, 10) n",
                "INSERT INTO task_executions (task_id, agent_type, execution_status, completed_at, duration)"
                        + " SELECT id, assigned_agent, 'completed', now(), make_interval(secs => priority + 1) FROM tasks"
                        + " WHERE project_id = " + project);

        assertThat(column(db, """
                SELECT
                    project_id,
                    created_at::date as date,
                    COUNT(*) as daily_tasks,
                    SUM(COUNT(*)) OVER (PARTITION BY project_id ORDER BY created_at::date) as cumulative_tasks
                FROM tasks
                WHERE created_at >= NOW() - INTERVAL '30 days'
                GROUP BY project_id, created_at::date
                ORDER BY project_id, date
                """)).isNotEmpty();
        assertThat(column(db, """
                SELECT
                    agent_type,
                    percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM duration)) as median_duration,
                    percentile_cont(0.95) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM duration)) as p95_duration,
                    percentile_cont(0.99) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM duration)) as p99_duration
                FROM task_executions
                WHERE execution_status = 'completed' AND completed_at > NOW() - INTERVAL '7 days'
                GROUP BY agent_type
                """)).containsExactlyInAnyOrder("codegen", "claude_code");
        execute(db, """
                CREATE MATERIALIZED VIEW daily_task_metrics AS
                SELECT
                    date_trunc('day', created_at) as date,
                    project_id,
                    COUNT(*) as tasks_created,
                    COUNT(CASE WHEN status = 'completed' THEN 1 END) as tasks_completed,
                    AVG(priority) as avg_priority,
                    COUNT(CASE WHEN assigned_agent = 'codegen' THEN 1 END) as codegen_tasks,
                    COUNT(CASE WHEN assigned_agent = 'claude_code' THEN 1 END) as claude_tasks
                FROM tasks
                GROUP BY date_trunc('day', created_at), project_id
                """, """
                CREATE UNIQUE INDEX idx_daily_task_metrics_date_project
                ON daily_task_metrics (date, project_id)
                """, "REFRESH MATERIALIZED VIEW CONCURRENTLY daily_task_metrics");
    }

    @Test
    void theGuidesArchivalFitsTasksArchiveColumnForColumn() {
        String project = value(db, "INSERT INTO projects (name) VALUES ('archive') RETURNING id");
        String task = value(db, "INSERT INTO tasks (project_id, title, status, completed_at) VALUES (" + project
                + ", 'old', 'completed', now() - interval '100 days') RETURNING id");
        execute(db, "INSERT INTO task_executions (task_id, agent_type, execution_status) VALUES (" + task + ", 'codegen', 'completed')",
                "INSERT INTO validations (task_id, validation_type, result) VALUES (" + task + ", 'tests', 'passed')");

        execute(db, """
                WITH archived_tasks AS (
                    DELETE FROM tasks
                    WHERE status = 'completed'
                    AND completed_at < NOW() - INTERVAL '90 days'
                    RETURNING *
                )
                INSERT INTO tasks_archive SELECT * FROM archived_tasks
                """);

        assertThat(value(db, "SELECT title || ' ' || (archived_at > now() - interval '1 minute') FROM tasks_archive WHERE id = " + task))
                .isEqualTo("old true");
        assertThat(value(db, "SELECT count(*) FROM task_executions WHERE task_id = " + task)).isEqualTo("0");
    }

    @Test
    void everyBuiltinFileIsListed() throws URISyntaxException {
        File directory = new File(Objects.requireNonNull(getClass().getClassLoader().getResource(BuiltinScripts.LOCATION)).toURI());

        assertThat(Arrays.stream(Objects.requireNonNull(directory.list())).sorted().toList()).isEqualTo(BuiltinScripts.FILES);
    }

    @Test
    void theHistoryTablesStayInTheOperatorsSchema() {
        assertThat(exists(db, "public", "builtin_schema_history")).isFalse();
        assertThat(exists(db, "workflowdb", "builtin_schema_history")).isTrue();
    }

    private static List<String> primaryKey(String table) {
        return column(db, "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)"
                + " WHERE i.indrelid = '" + table + "'::regclass AND i.indisprimary");
    }
}
