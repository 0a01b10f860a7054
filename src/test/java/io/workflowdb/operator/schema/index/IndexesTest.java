package io.workflowdb.operator.schema.index;

import static io.workflowdb.operator.schema.index.IndexSpecs.column;
import static io.workflowdb.operator.schema.index.IndexSpecs.desc;
import static io.workflowdb.operator.schema.index.IndexSpecs.expression;
import static io.workflowdb.operator.schema.index.IndexSpecs.gin;
import static io.workflowdb.operator.schema.index.IndexSpecs.include;
import static io.workflowdb.operator.schema.index.IndexSpecs.index;
import static io.workflowdb.operator.schema.index.IndexSpecs.opclass;
import static io.workflowdb.operator.schema.index.IndexSpecs.storage;
import static io.workflowdb.operator.schema.index.IndexSpecs.unique;
import static io.workflowdb.operator.schema.index.IndexSpecs.where;
import static io.workflowdb.operator.schema.index.IndexTestDatabase.catalog;
import static io.workflowdb.operator.schema.index.IndexTestDatabase.comment;
import static io.workflowdb.operator.schema.index.IndexTestDatabase.definition;
import static io.workflowdb.operator.schema.index.IndexTestDatabase.valid;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.workflowdb.operator.api.v1alpha1.IndexSpec;
import io.workflowdb.operator.testing.Sql;

/** The seed guide's index forms against a real PostgreSQL, and the failures it must report. */
class IndexesTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-01-15T10:00:00Z"), ZoneOffset.UTC);

    private static final List<IndexSpec> SEED_FORMS = List.of(
            gin("idx_tasks_requirements_type_priority", "tasks",
                    expression("(requirements->'type')"), expression("(requirements->'priority')")),
            gin("idx_tasks_context_files_branch", "tasks",
                    expression("(context->'files')"), expression("(context->'repository'->'branch')")),
            gin("idx_tasks_requirements_path", "tasks", opclass(column("requirements"), "jsonb_path_ops")),
            where(index("idx_tasks_active_priority", "tasks", desc("priority"), desc("created_at")),
                    "status IN ('pending', 'in_progress', 'validation')"),
            include(index("idx_tasks_project_status_covering", "tasks", column("project_id"), column("status")),
                    "title", "priority", "assigned_agent", "updated_at"),
            include(index("idx_executions_task_covering", "task_executions", column("task_id"), column("execution_status")),
                    "agent_type", "duration", "memory_usage_mb"),
            index("idx_tasks_title_lower", "tasks", expression("lower(title)")),
            unique(index("idx_tasks_project_title", "tasks", column("project_id"), column("title"))),
            storage(index("idx_executions_completed", "task_executions", column("completed_at")), Map.of("fillfactor", "70")));

    private DataSource database;

    @BeforeEach
    void freshDatabase() throws SQLException {
        database = IndexTestDatabase.create("idx_test_forms");
        Sql.execute(database, """
                INSERT INTO tasks (project_id, title, status, priority, requirements, context)
                SELECT g % 10, 'task ' || g, (ARRAY['pending','in_progress','done'])[1 + g % 3], g % 5,
                       jsonb_build_object('type', 'feature', 'priority', g % 5, 'estimated_hours', '2 hours'),
                       jsonb_build_object('files', jsonb_build_array('a.java'), 'repository', jsonb_build_object('branch', 'main'))
                FROM generate_series(1, 500) g""");
    }

    @Test
    void everySeedFormIsBuiltValidAndMarked() throws SQLException {
        IndexReport report = reconcile(SEED_FORMS);

        assertThat(report.failures()).isEmpty();
        assertThat(report.ready()).isEqualTo(SEED_FORMS.size());
        for (IndexSpec spec : SEED_FORMS) {
            assertThat(valid(database, spec.name)).as(spec.name).isTrue();
            assertThat(comment(database, spec.name)).as(spec.name).startsWith("workflowdb:v1 def=");
        }
        assertThat(definition(database, "idx_tasks_requirements_type_priority"))
                .contains("USING gin (((requirements -> 'type'::text)), ((requirements -> 'priority'::text)))");
        assertThat(definition(database, "idx_tasks_requirements_path")).contains("USING gin (requirements jsonb_path_ops)");
        assertThat(definition(database, "idx_tasks_active_priority"))
                .contains("(priority DESC, created_at DESC) WHERE (status = ANY (ARRAY['pending'::text, 'in_progress'::text, 'validation'::text]))");
        assertThat(definition(database, "idx_tasks_project_status_covering"))
                .contains("(project_id, status) INCLUDE (title, priority, assigned_agent, updated_at)");
        assertThat(definition(database, "idx_tasks_title_lower")).contains("(lower(title))");
        assertThat(definition(database, "idx_tasks_project_title")).startsWith("CREATE UNIQUE INDEX");
        assertThat(definition(database, "idx_executions_completed")).endsWith("WITH (fillfactor='70')");
        assertThat(catalog(database)).noneMatch(row -> row.contains("_wfdb_"));
    }

    @Test
    void aSecondReconcileFindsNothingToDo() throws SQLException {
        reconcile(SEED_FORMS);
        List<String> before = catalog(database);

        IndexReport again = reconcile(SEED_FORMS);

        assertThat(again.executed()).isEmpty();
        assertThat(again.ready()).isEqualTo(SEED_FORMS.size());
        assertThat(catalog(database)).isEqualTo(before);
    }

    @Test
    void aNonImmutableExpressionFailsAloneWithPostgresMessage() throws SQLException {
        IndexSpec estimatedCompletion = index("idx_tasks_estimated_completion", "tasks",
                expression("(created_at + (requirements->>'estimated_hours')::interval)"));
        List<IndexSpec> specs = List.of(SEED_FORMS.get(0), estimatedCompletion, SEED_FORMS.get(3));

        IndexReport report = reconcile(specs);

        assertThat(report.failures()).singleElement().satisfies(failure -> {
            assertThat(failure.index()).isEqualTo("idx_tasks_estimated_completion");
            assertThat(failure.message()).contains("functions in index expression must be marked IMMUTABLE");
        });
        assertThat(report.ready()).isEqualTo(2);
        assertThat(report.failed()).isEqualTo(1);
        assertThat(valid(database, SEED_FORMS.get(0).name)).isTrue();
        assertThat(valid(database, SEED_FORMS.get(3).name)).isTrue();
        assertThat(catalog(database)).noneMatch(row -> row.contains("estimated_completion"));
    }

    @Test
    void aFailedConcurrentBuildLeavesNoInvalidIndexBehind() throws SQLException {
        Sql.execute(database, "INSERT INTO tasks (project_id, title) VALUES (1, 'twin'), (1, 'twin')");
        IndexSpec uniqueTitle = unique(index("idx_tasks_unique_title", "tasks", column("title")));

        IndexReport report = reconcile(List.of(uniqueTitle, SEED_FORMS.get(6)));

        assertThat(report.failures()).singleElement().satisfies(failure -> assertThat(failure.message())
                .contains("could not create unique index").contains("Key (title)=(twin) is duplicated"));
        assertThat(report.executed()).contains("DROP INDEX CONCURRENTLY \"public\".\"idx_tasks_unique_title_wfdb_new\"");
        assertThat(catalog(database)).noneMatch(row -> row.contains("idx_tasks_unique_title"));
        assertThat(valid(database, "idx_tasks_title_lower")).isTrue();
    }

    @Test
    void planReturnsTheStatementsAndRunsNone() throws SQLException {
        reconcile(SEED_FORMS.subList(0, 2));
        List<String> before = catalog(database);
        List<IndexSpec> changed = List.of(SEED_FORMS.get(0), SEED_FORMS.get(2));

        List<String> statements;
        try (Connection c = database.getConnection()) {
            statements = Indexes.plan(c, changed, CLOCK);
        }

        assertThat(catalog(database)).isEqualTo(before);
        assertThat(statements).containsExactly(
                "DROP INDEX CONCURRENTLY \"public\".\"idx_tasks_context_files_branch\"",
                "CREATE INDEX CONCURRENTLY \"idx_tasks_requirements_path_wfdb_new\" ON \"public\".\"tasks\""
                        + " USING gin (\"requirements\" \"jsonb_path_ops\")",
                "COMMENT ON INDEX \"public\".\"idx_tasks_requirements_path_wfdb_new\" IS '"
                        + IndexDefinition.of(SEED_FORMS.get(2), CLOCK.instant()).marker().render() + "'",
                "ALTER INDEX \"public\".\"idx_tasks_requirements_path_wfdb_new\" RENAME TO \"idx_tasks_requirements_path\"");
        assertThat(reconcile(changed).executed()).isEqualTo(statements);
    }

    private IndexReport reconcile(List<IndexSpec> specs) throws SQLException {
        try (Connection c = database.getConnection()) {
            return Indexes.reconcile(c, specs, CLOCK);
        }
    }
}
