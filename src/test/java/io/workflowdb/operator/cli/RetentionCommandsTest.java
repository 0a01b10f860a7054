package io.workflowdb.operator.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.workflowdb.operator.retention.execute.RetentionDatabases;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code plan} and {@code apply} with the example RetentionPolicy, on the built-in workflow schema. */
class RetentionCommandsTest {

    static final String EXAMPLE = "examples/retentionpolicy.yaml";

    static DataSource db;

    @BeforeAll
    static void database() throws Exception {
        db = RetentionDatabases.freshWorkflowSchema("cli_retention");
    }

    static String[] run(String command, String file) {
        return CommandRun.onDatabase(db, command, file);
    }

    @Test
    void planCountsThenApplyArchivesBatchByBatch() {
        RetentionDatabases.insertTasks(db, 12_000, "completed", 100);
        RetentionDatabases.insertTasks(db, 300, "completed", 10);

        String[] plan = run("plan", EXAMPLE);
        assertThat(plan[0]).as(plan[2]).isEqualTo("0");
        assertThat(plan[1]).contains("-- RetentionPolicy apps/archive-completed-tasks")
                .contains("-- 12000 rows of public.tasks with completed_at before ").contains("would be archived into public.tasks_archive");
        assertThat(RetentionDatabases.count(db, "SELECT count(*) FROM tasks_archive")).as("plan changes nothing").isZero();

        String[] apply = run("apply", EXAMPLE);
        assertThat(apply[0]).as(apply[1] + apply[2]).isEqualTo("0");
        List<String> lines = apply[1].lines().toList();
        assertThat(lines).filteredOn(l -> l.startsWith("  batch ")).hasSize(3)
                .first().asString().startsWith("  batch 1: 5000 rows in ").endsWith("(5000 so far)");
        assertThat(lines).filteredOn(l -> l.startsWith("  batch 3: ")).singleElement().asString().contains("2000 rows")
                .endsWith("(12000 so far)");
        assertThat(apply[1]).contains("RetentionPolicy apps/archive-completed-tasks: 12000 rows archived in 3 batches");
        assertThat(RetentionDatabases.count(db, "SELECT count(*) FROM tasks_archive")).isEqualTo(12_000);
        assertThat(RetentionDatabases.count(db, "SELECT count(*) FROM tasks")).isEqualTo(300);
        assertThat(RetentionDatabases.count(db, "SELECT count(*) FROM workflow_events WHERE event_type = 'data_archival'"))
                .isEqualTo(1);

        assertThat(run("plan", EXAMPLE)[1]).contains("-- 0 rows of public.tasks");
    }

    @Test
    void aProblemIsPrintedAndExitsOne(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("no-cascade.yaml");
        Files.writeString(file, Files.readString(Path.of(EXAMPLE)).replace("  allowCascade: true\n", ""));

        String[] plan = run("plan", file.toString());
        assertThat(plan[0]).isEqualTo("1");
        assertThat(plan[1]).contains("-- CascadingForeignKey: deleting rows of public.tasks would change other tables")
                .contains("task_executions_task_id_fkey");

        String[] apply = run("apply", file.toString());
        assertThat(apply[0]).isEqualTo("1");
        assertThat(apply[1]).contains("RetentionPolicy apps/archive-completed-tasks: CascadingForeignKey:");
    }
}
