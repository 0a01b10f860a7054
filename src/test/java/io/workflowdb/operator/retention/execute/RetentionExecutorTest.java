package io.workflowdb.operator.retention.execute;

import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.workflowdb.operator.api.v1alpha1.RetentionPolicyReason;
import io.workflowdb.operator.api.v1alpha1.RetentionPolicySpec;
import io.workflowdb.operator.api.v1alpha1.WhereFilter;
import io.workflowdb.operator.retention.execute.RetentionExecutor.End;
import io.workflowdb.operator.retention.execute.RetentionExecutor.Slice;
import io.workflowdb.operator.sql.AdvisoryLock;

import static io.workflowdb.operator.retention.execute.RetentionDatabases.count;
import static io.workflowdb.operator.retention.execute.RetentionDatabases.filter;
import static io.workflowdb.operator.retention.execute.RetentionDatabases.insertTasks;
import static io.workflowdb.operator.retention.execute.RetentionDatabases.seedArchival;
import static io.workflowdb.operator.testing.Sql.execute;
import static org.assertj.core.api.Assertions.assertThat;

/** Each test on its own database with the built-in workflow schema (tasks, tasks_archive, workflow_events). */
class RetentionExecutorTest {

    private static final Instant FAR = Instant.now().plus(Duration.ofHours(1));

    private DataSource db;

    @BeforeEach
    void freshDatabase() {
        db = RetentionDatabases.freshWorkflowSchema("retention_exec");
    }

    private Slice run(RetentionPolicySpec spec) throws Exception {
        return run(spec, new ArrayList<>());
    }

    private Slice run(RetentionPolicySpec spec, List<Long> batchRows) throws Exception {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(true);
            Instant cutoff = RetentionExecutor.cutoff(Instant.now(), Duration.ofDays(90));
            return RetentionExecutor.run(c, spec, cutoff, FAR, Clock.systemUTC(), 0,
                    (batch, rows, runRows, took) -> batchRows.add(rows));
        }
    }

    private RetentionExecutor.Plan plan(RetentionPolicySpec spec) throws Exception {
        try (Connection c = db.getConnection()) {
            return RetentionExecutor.plan(c, spec, RetentionExecutor.cutoff(Instant.now(), Duration.ofDays(90)));
        }
    }

    @Test
    void seedScenarioArchivesExactlyTheCompletedTasksOlderThanNinetyDays() throws Exception {
        insertTasks(db, 250, "completed", 120);
        insertTasks(db, 40, "completed", 91);
        insertTasks(db, 30, "completed", 89);
        insertTasks(db, 20, "failed", 200);
        insertTasks(db, 10, "pending", null);
        insertTasks(db, 5, "completed", null);
        assertThat(plan(seedArchival()).rows()).isEqualTo(290);

        List<Long> batches = new ArrayList<>();
        Slice slice = run(seedArchival(), batches);

        assertThat(slice.end()).isEqualTo(End.DONE);
        assertThat(slice.rows()).isEqualTo(290);
        assertThat(slice.batches()).isEqualTo(3);
        assertThat(batches).containsExactly(100L, 100L, 90L);
        assertThat(count(db, "SELECT count(*) FROM tasks")).isEqualTo(65);
        assertThat(count(db, "SELECT count(*) FROM tasks_archive")).isEqualTo(290);
        assertThat(count(db, "SELECT count(*) FROM tasks_archive WHERE status <> 'completed'"
                + " OR completed_at >= now() - interval '90 days'")).isZero();
        assertThat(count(db, "SELECT count(*) FROM tasks WHERE status = 'completed' AND completed_at < now() - interval '90 days'"))
                .isZero();
        assertThat(count(db, "SELECT count(*) FROM tasks_archive WHERE archived_at IS NULL")).as("archive-only column default")
                .isZero();
        assertThat(plan(seedArchival()).rows()).isZero();
        assertThat(run(seedArchival()).rows()).as("a second run finds nothing").isZero();
    }

    @Test
    void archivedRowsKeepEveryColumnValue() throws Exception {
        insertTasks(db, 30, "completed", 100);
        String fingerprint = "SELECT md5(string_agg(concat_ws('|', id, project_id, title, description, status, priority,"
                + " requirements, context, assigned_agent, created_at, updated_at, completed_at), ',' ORDER BY id)) FROM ";
        String before = text(fingerprint + "tasks");

        run(seedArchival());

        assertThat(text(fingerprint + "tasks_archive")).isEqualTo(before);
    }

    @Test
    void nullTimestampsNeverMatch() throws Exception {
        insertTasks(db, 25, "completed", null);
        RetentionPolicySpec delete = seedArchival();
        delete.action = RetentionPolicySpec.Action.DELETE;
        delete.archive = null;
        delete.where = List.of(filter("completed_at", WhereFilter.Operator.IsNull));

        assertThat(plan(delete).rows()).isZero();
        assertThat(run(delete).rows()).isZero();
        assertThat(count(db, "SELECT count(*) FROM tasks")).isEqualTo(25);
    }

    @ParameterizedTest
    @EnumSource(RetentionPolicySpec.Action.class)
    void everyFilterOperatorSelectsExactlyItsRows(RetentionPolicySpec.Action action) throws Exception {
        // 120 old rows: statuses by g % 4, assigned_agent NULL for every third row.
        for (String status : List.of("completed", "failed", "cancelled", "pending")) {
            insertTasks(db, 30, status, 100);
        }
        insertTasks(db, 30, "completed", 10);
        String old = "completed_at < now() - interval '90 days'";
        record Case(WhereFilter filter, String sql) {
        }
        List<Case> cases = List.of(
                new Case(filter("status", WhereFilter.Operator.In, "completed", "failed"), "status IN ('completed', 'failed')"),
                new Case(filter("status", WhereFilter.Operator.NotIn, "completed", "failed"), "status NOT IN ('completed', 'failed')"),
                new Case(filter("status", WhereFilter.Operator.Equals, "cancelled"), "status = 'cancelled'"),
                new Case(filter("priority", WhereFilter.Operator.NotEquals, "3"), "priority <> 3"),
                new Case(filter("assigned_agent", WhereFilter.Operator.IsNull), "assigned_agent IS NULL"),
                new Case(filter("assigned_agent", WhereFilter.Operator.IsNotNull), "assigned_agent IS NOT NULL"));
        for (Case c : cases) {
            execute(db, "TRUNCATE tasks_archive", "DELETE FROM tasks", "SELECT setval(pg_get_serial_sequence('tasks', 'id'), 1, false)");
            for (String status : List.of("completed", "failed", "cancelled", "pending")) {
                insertTasks(db, 30, status, 100);
            }
            insertTasks(db, 30, "completed", 10);
            long expected = count(db, "SELECT count(*) FROM tasks WHERE " + old + " AND " + c.sql());
            long total = count(db, "SELECT count(*) FROM tasks");
            assertThat(expected).as(c.sql()).isPositive().isLessThan(total);
            RetentionPolicySpec spec = seedArchival();
            spec.action = action;
            spec.archive = action == RetentionPolicySpec.Action.ARCHIVE ? spec.archive : null;
            spec.where = List.of(c.filter());

            assertThat(plan(spec).rows()).as(c.sql()).isEqualTo(expected);
            assertThat(run(spec).rows()).as(c.sql()).isEqualTo(expected);

            assertThat(count(db, "SELECT count(*) FROM tasks WHERE " + old + " AND " + c.sql())).as(c.sql()).isZero();
            assertThat(count(db, "SELECT count(*) FROM tasks")).as(c.sql()).isEqualTo(total - expected);
            long archived = count(db, "SELECT count(*) FROM tasks_archive");
            assertThat(archived).as(c.sql()).isEqualTo(action == RetentionPolicySpec.Action.ARCHIVE ? expected : 0);
        }
    }

    @Test
    void aCompositePrimaryKeyMovesExactlyTheDueRowsInKeyOrder() throws Exception {
        // 50 tasks with 6 notes each; notes 1-5 are old, note 6 is recent
        execute(db, "CREATE TABLE task_notes (task_id bigint, seq integer, written_at timestamptz NOT NULL, body text,"
                + " PRIMARY KEY (task_id, seq))",
                "INSERT INTO task_notes SELECT t, n, now() - make_interval(days => CASE WHEN n = 6 THEN 1 ELSE 100 END),"
                        + " 'note ' || t || '/' || n FROM generate_series(1, 50) t, generate_series(1, 6) n");
        RetentionPolicySpec spec = seedArchival();
        spec.table = "task_notes";
        spec.timestampColumn = "written_at";
        spec.where = null;
        spec.archive.table = "task_notes_archive";

        List<Long> batches = new ArrayList<>();
        Slice slice = run(spec, batches);

        assertThat(slice.end()).isEqualTo(End.DONE);
        assertThat(batches).containsExactly(100L, 100L, 50L);
        assertThat(count(db, "SELECT count(*) FROM task_notes")).isEqualTo(50);
        assertThat(count(db, "SELECT count(*) FROM task_notes WHERE seq <> 6")).isZero();
        assertThat(count(db, "SELECT count(*) FROM task_notes_archive WHERE seq <> 6 AND body = 'note ' || task_id || '/' || seq"))
                .isEqualTo(250);
    }

    @Test
    void createsTheArchiveLikeTheSourceWithoutIdentityOrDefaults() throws Exception {
        execute(db, "DROP TABLE tasks_archive");
        insertTasks(db, 12, "completed", 100);
        assertThat(plan(seedArchival()).createsArchive()).isTrue();

        assertThat(run(seedArchival()).rows()).isEqualTo(12);

        assertThat(count(db, "SELECT count(*) FROM tasks_archive")).isEqualTo(12);
        assertThat(count(db, "SELECT count(*) FROM pg_attribute WHERE attrelid = 'tasks_archive'::regclass"
                + " AND attnum > 0 AND (attidentity <> '' OR atthasdef)")).isZero();
        assertThat(count(db, "SELECT count(*) FROM pg_index WHERE indrelid = 'tasks_archive'::regclass AND indisprimary"))
                .isEqualTo(1);
        assertThat(count(db, "SELECT count(*) FROM tasks_archive a JOIN generate_series(1, 12) g ON a.id = g")).isEqualTo(12);
    }

    @Test
    void missingArchiveWithoutCreateIfMissingIsAProblem() throws Exception {
        execute(db, "DROP TABLE tasks_archive");
        insertTasks(db, 5, "completed", 100);
        RetentionPolicySpec spec = seedArchival();
        spec.archive.createIfMissing = false;

        Slice slice = run(spec);

        assertThat(slice.end()).isEqualTo(End.FAILED);
        assertThat(slice.problem().reason()).isEqualTo(RetentionPolicyReason.ArchiveMissing);
        assertThat(count(db, "SELECT count(*) FROM tasks")).isEqualTo(5);
    }

    @Test
    void mismatchedArchiveIsRefusedBeforeAnyRowMoves() throws Exception {
        execute(db, "DROP TABLE tasks_archive",
                "CREATE TABLE tasks_archive (id bigint PRIMARY KEY, project_id bigint, title varchar(20), status text,"
                        + " priority integer, requirements jsonb, context jsonb, assigned_agent text, created_at timestamptz,"
                        + " updated_at timestamptz, completed_at timestamptz, reviewer text NOT NULL)");
        insertTasks(db, 5, "completed", 100);

        Slice slice = run(seedArchival());

        assertThat(slice.end()).isEqualTo(End.FAILED);
        assertThat(slice.problem().reason()).isEqualTo(RetentionPolicyReason.ArchiveMismatch);
        assertThat(slice.problem().message()).contains("missing in the archive: description")
                .contains("title (text in the source, character varying(20) in the archive)")
                .contains("NOT NULL without a default and not in the source: reviewer");
        assertThat(plan(seedArchival()).problem().reason()).isEqualTo(RetentionPolicyReason.ArchiveMismatch);
        assertThat(count(db, "SELECT count(*) FROM tasks")).isEqualTo(5);
        assertThat(count(db, "SELECT count(*) FROM tasks_archive")).isZero();
    }

    @Test
    void referencedRowsStopTheRunNamingTheConstraint() throws Exception {
        insertTasks(db, 250, "completed", 100);
        execute(db, "CREATE TABLE task_reviews (id bigint PRIMARY KEY, task_id bigint"
                + " CONSTRAINT task_reviews_task_fk REFERENCES tasks (id))",
                "INSERT INTO task_reviews VALUES (1, 150)");

        Slice slice = run(seedArchival());

        assertThat(slice.end()).isEqualTo(End.FAILED);
        assertThat(slice.problem().reason()).isEqualTo(RetentionPolicyReason.ForeignKeyReferenced);
        assertThat(slice.problem().message()).contains("task_reviews_task_fk").contains("public.task_reviews")
                .contains("100 rows moved");
        assertThat(slice.rows()).as("the first batch (ids 1-100) committed").isEqualTo(100);
        assertThat(count(db, "SELECT count(*) FROM tasks")).isEqualTo(150);
        assertThat(count(db, "SELECT count(*) FROM tasks_archive")).isEqualTo(100);
        assertThat(count(db, "SELECT count(*) FROM tasks WHERE id = 150")).isEqualTo(1);
    }

    @Test
    void cascadingForeignKeysNeedConsent() throws Exception {
        insertTasks(db, 5, "completed", 100);
        RetentionPolicySpec spec = seedArchival();
        spec.allowCascade = null;

        Slice slice = run(spec);

        assertThat(slice.end()).isEqualTo(End.FAILED);
        assertThat(slice.problem().reason()).isEqualTo(RetentionPolicyReason.CascadingForeignKey);
        assertThat(slice.problem().message()).contains("task_executions_task_id_fkey").contains("validations_task_id_fkey")
                .contains("ON DELETE CASCADE").contains("spec.allowCascade");
        assertThat(count(db, "SELECT count(*) FROM tasks")).isEqualTo(5);
    }

    @Test
    void aValueThatDoesNotFitTheColumnTypeFailsTheRunWithPostgresWords() throws Exception {
        insertTasks(db, 5, "completed", 100);
        RetentionPolicySpec spec = seedArchival();
        spec.where = List.of(filter("priority", WhereFilter.Operator.In, "1", "high"));

        Slice slice = run(spec);

        assertThat(slice.end()).isEqualTo(End.FAILED);
        assertThat(slice.problem().reason()).isEqualTo(RetentionPolicyReason.RunFailed);
        assertThat(slice.problem().message()).isEqualTo(
                "failed (22P02): invalid input syntax for type integer: \"high\"; 0 rows moved before the run stopped");
        assertThat(count(db, "SELECT count(*) FROM tasks")).isEqualTo(5);
    }

    @Test
    void aHeldLockMeansAnotherRunIsAtWork() throws Exception {
        insertTasks(db, 5, "completed", 100);
        try (Connection other = db.getConnection()) {
            other.setAutoCommit(true);
            try (AdvisoryLock held = AdvisoryLock.tryAcquire(other, "retention:public.tasks").orElseThrow()) {
                assertThat(run(seedArchival()).end()).isEqualTo(End.LOCK_HELD);
            }
        }
        assertThat(count(db, "SELECT count(*) FROM tasks")).isEqualTo(5);
        assertThat(run(seedArchival()).rows()).isEqualTo(5);
    }

    @Test
    void aPassedDeadlineStopsBeforeTheNextBatch() throws Exception {
        insertTasks(db, 50, "completed", 100);
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(true);
            Instant now = Instant.now();
            Slice slice = RetentionExecutor.run(c, seedArchival(), RetentionExecutor.cutoff(now, Duration.ofDays(90)),
                    now.minusSeconds(1), Clock.systemUTC(), 0, RetentionExecutor.Progress.NONE);
            assertThat(slice.end()).isEqualTo(End.DEADLINE);
            assertThat(slice.rows()).isZero();
        }
    }

    @Test
    void auditRowRecordsTheCount() throws Exception {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(true);
            assertThat(RetentionAudit.record(c, "apps/archive", seedArchival(), "tasks", "tasks_archive", 290, 3,
                    "2026-08-26T02:00:00Z")).isTrue();
        }
        assertThat(count(db, "SELECT count(*) FROM workflow_events WHERE event_type = 'data_archival'"
                + " AND action = 'archive_tasks' AND (event_data->>'rows')::int = 290")).isEqualTo(1);
        execute(db, "DROP TABLE workflow_events");
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(true);
            assertThat(RetentionAudit.record(c, "apps/archive", seedArchival(), "tasks", "tasks_archive", 1, 1, "x"))
                    .isFalse();
        }
    }

    private String text(String sql) throws Exception {
        try (Connection c = db.getConnection(); var st = c.createStatement(); var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
