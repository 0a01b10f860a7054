package io.workflowdb.operator.cli;

import java.nio.file.Files;
import java.nio.file.Path;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.workflowdb.operator.retention.execute.RetentionDatabases;
import io.workflowdb.operator.testing.Sql;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code plan} and {@code apply} with the example MaintenancePolicy, on the built-in workflow schema. */
class MaintenanceCommandsTest {

    static final String EXAMPLE = "examples/maintenancepolicy.yaml";

    static DataSource db;

    @BeforeAll
    static void database() throws Exception {
        db = RetentionDatabases.freshWorkflowSchema("cli_maintenance");
        RetentionDatabases.insertTasks(db, 100, "completed", 1);
        Sql.execute(db, "CREATE MATERIALIZED VIEW daily_task_metrics AS SELECT date_trunc('day', created_at)"
                + " AS date, count(*) AS tasks_created FROM tasks GROUP BY 1",
                "CREATE UNIQUE INDEX daily_task_metrics_date ON daily_task_metrics (date)");
    }

    static String[] run(String command, String file) {
        return CommandRun.onDatabase(db, command, file);
    }

    @Test
    void planListsTheStatementsThenApplyRunsThemAndPrintsTheReports() {
        String[] plan = run("plan", EXAMPLE);
        assertThat(plan[0]).as(plan[2]).isEqualTo("0");
        assertThat(plan[1]).isEqualTo("""
                -- MaintenancePolicy apps/daily-maintenance
                -- each statement on its own in autocommit, for at most 10m and within maxDuration 30m
                -- analyze
                ANALYZE
                -- vacuum tasks
                VACUUM (ANALYZE) "tasks"
                -- vacuum task_executions
                VACUUM (ANALYZE) "task_executions"
                -- vacuum workflow_events
                VACUUM (ANALYZE) "workflow_events"
                -- refresh daily_task_metrics
                REFRESH MATERIALIZED VIEW CONCURRENTLY "public"."daily_task_metrics"
                -- reindex invalid indexes: no invalid index to rebuild
                -- report unused indexes
                -- report bloat
                -- report sizes
                """);
        assertThat(RetentionDatabases.count(db, "SELECT vacuum_count FROM pg_stat_user_tables WHERE relname = 'tasks'"))
                .as("plan changes nothing").isZero();

        String[] apply = run("apply", EXAMPLE);
        assertThat(apply[0]).as(apply[1] + apply[2]).isEqualTo("0");
        assertThat(apply[1]).containsPattern("(?m)^  vacuum tasks: Succeeded in \\d+ ms$")
                .containsPattern("(?m)^  refresh daily_task_metrics: Succeeded in \\d+ ms$")
                .containsPattern("(?m)^  reindex invalid indexes: Succeeded in \\d+ ms: no invalid index to rebuild$")
                .containsPattern("(?m)^  unused indexes \\(no scans since \\d{4}-.+Z\\): \\d+ in all$")
                .containsPattern("(?m)^  sizes: database \\d+ bytes$")
                .containsPattern("(?m)^    public\\.tasks: \\d+ bytes$")
                .contains("MaintenancePolicy apps/daily-maintenance: 9 of 9 actions succeeded");
    }

    @Test
    void aFailedActionIsPrintedAndExitsOneAfterTheOthersRan(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("missing-table.yaml");
        Files.writeString(file, Files.readString(Path.of(EXAMPLE)).replace("    - tasks\n", "    - no_such_table\n    - tasks\n"));

        String[] apply = run("apply", file.toString());

        assertThat(apply[0]).isEqualTo("1");
        assertThat(apply[1]).containsPattern("(?m)^  vacuum no_such_table: Failed in \\d+ ms: relation \"no_such_table\" does not exist$")
                .containsPattern("(?m)^  vacuum tasks: Succeeded in \\d+ ms$")
                .contains("MaintenancePolicy apps/daily-maintenance: 1 of 10 actions failed (vacuum no_such_table)");
    }
}
