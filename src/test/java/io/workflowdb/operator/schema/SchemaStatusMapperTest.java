package io.workflowdb.operator.schema;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.workflowdb.operator.api.v1alpha1.Condition;
import io.workflowdb.operator.api.v1alpha1.ConditionTypes;
import io.workflowdb.operator.api.v1alpha1.SchemaStatus;
import io.workflowdb.operator.api.v1alpha1.SchemaStatus.MaterializedViewStatus;
import io.workflowdb.operator.api.v1alpha1.SchemaStatus.SchemaFailure;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabaseStatus;
import io.workflowdb.operator.schema.index.IndexFailure;
import io.workflowdb.operator.schema.index.IndexReport;
import io.workflowdb.operator.schema.migration.MigrationOutcome;
import io.workflowdb.operator.status.StatusAggregator;

import static org.assertj.core.api.Assertions.assertThat;

class SchemaStatusMapperTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC);
    static final MigrationOutcome MIGRATED = new MigrationOutcome("builtin 1 / 3", List.of(), List.of(), null);

    final WorkflowDatabase db = database();
    final SchemaStatus schema = new SchemaStatus();
    final StatusAggregator conditions = new StatusAggregator(db, CLOCK);

    @Test
    void everythingAppliedIsTrueWithCounts() {
        boolean ok = SchemaStatusMapper.apply(new SchemaOutcome(MIGRATED, new IndexReport(9, 0, 0, List.of(), List.of()),
                List.of(view("daily_task_metrics", null)), Map.of()), schema, conditions);
        assertThat(ok).isTrue();
        assertThat(condition().status).isEqualTo("True");
        assertThat(condition().message).contains("builtin 1 / 3").contains("9 indexes ready");
        assertThat(schema.version).isEqualTo("builtin 1 / 3");
        assertThat(schema.pendingMigrations).isZero();
        assertThat(schema.indexes.ready).isEqualTo(9);
        assertThat(schema.indexes.errors).isNull();
    }

    @Test
    void aFailedMigrationNamesTheFileAndTheIndexesBuiltAnywayAreCounted() {
        MigrationOutcome failed = new MigrationOutcome("builtin 1 / 2", List.of("V3__broken.sql"), List.of(),
                new MigrationOutcome.Failure(MigrationOutcome.Kind.FAILED, "V3__broken.sql", "relation \"x\" does not exist"));
        assertThat(SchemaStatusMapper.apply(outcome(failed, NO_INDEXES_FAILED, List.of()), schema, conditions)).isFalse();
        assertThat(condition().reason).isEqualTo("MigrationFailed");
        assertThat(condition().message).isEqualTo("V3__broken.sql: relation \"x\" does not exist");
        assertThat(schema.pendingMigrations).isEqualTo(1);
        assertThat(schema.indexes.ready).isEqualTo(3);
    }

    @Test
    void everyFailingObjectIsNamedWithItsNextAttemptAndTheMigrationLeadsTheReason() {
        MigrationOutcome failed = new MigrationOutcome("1", List.of("V2__broken.sql"), List.of(),
                new MigrationOutcome.Failure(MigrationOutcome.Kind.FAILED, "V2__broken.sql", "syntax error"));
        IndexReport report = new IndexReport(2, 0, 1, List.of(new IndexFailure("idx_a", "must be IMMUTABLE")), List.of());
        List<SchemaFailure> failures = List.of(failure("migration", "V2__broken.sql", "2026-11-24T10:01:00Z"),
                failure("index", "idx_a", "2026-11-24T10:04:00Z"), failure("materializedView", "bad", "2026-11-24T10:02:00Z"));
        SchemaStatusMapper.apply(outcome(failed, report, List.of(view("bad", "no such column"))), failures, schema,
                conditions);
        assertThat(condition().reason).isEqualTo("MigrationFailed");
        assertThat(condition().message).isEqualTo("V2__broken.sql: syntax error (next attempt 2026-11-24T10:01:00Z); "
                + "idx_a: must be IMMUTABLE (next attempt 2026-11-24T10:04:00Z); "
                + "bad: no such column (next attempt 2026-11-24T10:02:00Z)");
        assertThat(schema.failures).extracting(f -> f.name).containsExactly("V2__broken.sql", "idx_a", "bad");
    }

    @Test
    void checksumMismatchHasItsOwnReasonAndTheFileIsNamedOnce() {
        MigrationOutcome edited = new MigrationOutcome("2", List.of(), List.of(),
                new MigrationOutcome.Failure(MigrationOutcome.Kind.CHECKSUM_MISMATCH, "V2__x.sql",
                        "V2__x.sql changed after it was applied"));
        SchemaStatusMapper.apply(outcome(edited, NO_INDEXES_FAILED, List.of()), schema, conditions);
        assertThat(condition().reason).isEqualTo("ChecksumMismatch");
        assertThat(condition().message).isEqualTo("V2__x.sql changed after it was applied");
    }

    @Test
    void aFailureWithoutAFileIsNotLedByNull() {
        MigrationOutcome failed = new MigrationOutcome("1", List.of(), List.of(),
                new MigrationOutcome.Failure(MigrationOutcome.Kind.FAILED, null, "no migration could be read"));
        SchemaStatusMapper.apply(outcome(failed, NO_INDEXES_FAILED, List.of()), schema, conditions);
        assertThat(condition().message).isEqualTo("no migration could be read");
    }

    @Test
    void aFailedIndexIsListedWithPostgresqlsMessage() {
        IndexReport report = new IndexReport(8, 0, 1, List.of(new IndexFailure("idx_tasks_estimated_completion",
                "functions in index expression must be marked IMMUTABLE")), List.of());
        assertThat(SchemaStatusMapper.apply(outcome(MIGRATED, report, List.of()), schema, conditions)).isFalse();
        assertThat(condition().reason).isEqualTo("IndexFailed");
        assertThat(condition().message).contains("idx_tasks_estimated_completion").contains("IMMUTABLE");
        assertThat(schema.indexes.failed).isEqualTo(1);
        assertThat(schema.indexes.errors).extracting(e -> e.name).containsExactly("idx_tasks_estimated_completion");
    }

    @Test
    void aFailedViewIsNamed() {
        SchemaStatusMapper.apply(outcome(MIGRATED, new IndexReport(0, 0, 0, List.of(), List.of()),
                List.of(view("good", null), view("bad", "column \"nope\" does not exist"))), schema, conditions);
        assertThat(condition().reason).isEqualTo("ViewFailed");
        assertThat(condition().message).isEqualTo("bad: column \"nope\" does not exist");
    }

    static final IndexReport NO_INDEXES_FAILED = new IndexReport(3, 0, 0, List.of(), List.of());

    private static SchemaOutcome outcome(MigrationOutcome migrations, IndexReport indexes, List<MaterializedViewStatus> views) {
        return new SchemaOutcome(migrations, indexes, views, Map.of());
    }

    private static SchemaFailure failure(String kind, String name, String nextAttempt) {
        SchemaFailure f = new SchemaFailure();
        f.kind = kind;
        f.name = name;
        f.attempts = 1;
        f.nextAttempt = nextAttempt;
        return f;
    }

    private Condition condition() {
        WorkflowDatabaseStatus status = db.getStatus();
        conditions.applyTo(status);
        return StatusAggregator.find(status, ConditionTypes.SCHEMA_APPLIED);
    }

    private static MaterializedViewStatus view(String name, String error) {
        MaterializedViewStatus v = new MaterializedViewStatus();
        v.name = name;
        v.error = error;
        v.lastRefreshTime = "2026-11-24T01:00:00Z";
        return v;
    }

    private static WorkflowDatabase database() {
        WorkflowDatabase db = new WorkflowDatabase();
        db.setMetadata(new ObjectMetaBuilder().withName("db").withNamespace("apps").withGeneration(1L).build());
        db.setStatus(new WorkflowDatabaseStatus());
        return db;
    }
}
