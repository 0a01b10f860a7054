package io.workflowdb.operator.retention.plan;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.workflowdb.operator.api.v1alpha1.RetentionPolicyReason;
import io.workflowdb.operator.api.v1alpha1.RetentionPolicySpec;
import io.workflowdb.operator.api.v1alpha1.WhereFilter;
import io.workflowdb.operator.retention.model.Column;
import io.workflowdb.operator.retention.model.ReferencingKey;
import io.workflowdb.operator.retention.model.RetentionProblem;
import io.workflowdb.operator.retention.model.TableShape;

import static org.assertj.core.api.Assertions.assertThat;

class RetentionChecksTest {

    static final List<Column> COLUMNS = List.of(new Column("id", "bigint", true, false, "d", false),
            new Column("status", "text", true, true, "", false),
            new Column("completed_at", "timestamp with time zone", false, false, "", false));
    static final TableShape TASKS = new TableShape("public", "tasks", COLUMNS, List.of("id"));

    static RetentionPolicySpec archive() {
        RetentionPolicySpec spec = new RetentionPolicySpec();
        spec.table = "tasks";
        spec.timestampColumn = "completed_at";
        spec.action = RetentionPolicySpec.Action.ARCHIVE;
        spec.archive = new RetentionPolicySpec.ArchiveSpec();
        spec.archive.table = "tasks_archive";
        return spec;
    }

    static Optional<RetentionPolicyReason> reason(RetentionPolicySpec spec, Optional<TableShape> source, Optional<TableShape> archive,
            List<ReferencingKey> keys) {
        return RetentionChecks.problem(spec, source, archive, keys).map(RetentionProblem::reason);
    }

    @Test
    void eachProblemHasItsReason() {
        assertThat(reason(archive(), Optional.empty(), Optional.empty(), List.of())).contains(RetentionPolicyReason.TableMissing);
        assertThat(reason(archive(), Optional.of(new TableShape("public", "tasks", COLUMNS, List.of())), Optional.empty(),
                List.of())).contains(RetentionPolicyReason.NoPrimaryKey);
        RetentionPolicySpec noColumn = archive();
        noColumn.timestampColumn = "finished_at";
        assertThat(reason(noColumn, Optional.of(TASKS), Optional.empty(), List.of())).contains(RetentionPolicyReason.ColumnMismatch);
        RetentionPolicySpec textColumn = archive();
        textColumn.timestampColumn = "status";
        assertThat(RetentionChecks.problem(textColumn, Optional.of(TASKS), Optional.empty(), List.of()).orElseThrow().message())
                .contains("status of public.tasks is text");
        RetentionPolicySpec filter = archive();
        WhereFilter f = new WhereFilter();
        f.column = "state";
        f.operator = WhereFilter.Operator.IsNull;
        filter.where = List.of(f);
        assertThat(RetentionChecks.problem(filter, Optional.of(TASKS), Optional.empty(), List.of()).orElseThrow().message())
                .isEqualTo("table public.tasks has no column state named in spec.where");
        RetentionPolicySpec noCreate = archive();
        noCreate.archive.createIfMissing = false;
        assertThat(reason(noCreate, Optional.of(TASKS), Optional.empty(), List.of())).contains(RetentionPolicyReason.ArchiveMissing);
        assertThat(reason(archive(), Optional.of(TASKS), Optional.empty(), List.of())).as("created when missing").isEmpty();
    }

    @Test
    void onlyForeignKeysThatChangeOtherRowsNeedConsent() {
        ReferencingKey noAction = new ReferencingKey("reviews_task_fk", "public.reviews", "a");
        ReferencingKey cascade = new ReferencingKey("executions_task_fk", "public.executions", "c");
        ReferencingKey setNull = new ReferencingKey("notes_task_fk", "public.notes", "n");
        assertThat(reason(archive(), Optional.of(TASKS), Optional.empty(), List.of(noAction))).isEmpty();
        RetentionProblem problem = RetentionChecks.problem(archive(), Optional.of(TASKS), Optional.empty(),
                List.of(noAction, cascade, setNull)).orElseThrow();
        assertThat(problem.reason()).isEqualTo(RetentionPolicyReason.CascadingForeignKey);
        assertThat(problem.message()).contains("constraint executions_task_fk on public.executions (ON DELETE CASCADE)")
                .contains("constraint notes_task_fk on public.notes (ON DELETE SET NULL)").doesNotContain("reviews_task_fk");
        RetentionPolicySpec allowed = archive();
        allowed.allowCascade = true;
        assertThat(reason(allowed, Optional.of(TASKS), Optional.empty(), List.of(cascade))).isEmpty();
    }

    @Test
    void anArchiveFitsWhenEverySourceColumnHasAWritableTwinAndExtraColumnsFillThemselves() {
        List<Column> archived = new java.util.ArrayList<>(COLUMNS);
        archived.add(new Column("archived_at", "timestamp with time zone", true, true, "", false));
        archived.add(new Column("note", "text", false, false, "", false));
        assertThat(RetentionChecks.archiveMismatch(TASKS, new TableShape("public", "tasks_archive", archived, List.of("id"))))
                .isEmpty();

        TableShape bad = new TableShape("public", "tasks_archive", List.of(
                new Column("id", "bigint", true, false, "a", false),
                new Column("status", "character varying", true, false, "", false),
                new Column("must", "text", true, false, "", false)), List.of("id"));
        assertThat(RetentionChecks.archiveMismatch(TASKS, bad)).contains("archive table public.tasks_archive does not fit"
                + " public.tasks: missing in the archive: completed_at; different types: status (text in the source,"
                + " character varying in the archive); not writable: id (GENERATED ALWAYS AS IDENTITY in the archive);"
                + " NOT NULL without a default and not in the source: must");
        assertThat(RetentionChecks.archiveMismatch(TASKS, TASKS)).contains("archive table public.tasks is the source table");
    }
}
