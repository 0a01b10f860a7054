package io.workflowdb.operator.schema.migration;

import static io.workflowdb.operator.schema.migration.TestDatabases.column;
import static io.workflowdb.operator.schema.migration.TestDatabases.exists;
import static io.workflowdb.operator.schema.migration.TestDatabases.value;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.workflowdb.operator.schema.migration.MigrationOutcome.Kind;
import io.workflowdb.operator.testing.Sql;

/** User migrations from ConfigMaps; every test starts from its own empty database. */
class UserMigrationsTest {

    private static final MigrationScript NOTES = new MigrationScript("V1__create_notes.sql",
            "CREATE TABLE notes (id bigint PRIMARY KEY, body text NOT NULL);");
    private static final MigrationScript NOTE_TAGS = new MigrationScript("V2__add_note_tags.sql",
            "ALTER TABLE notes ADD COLUMN tags text[] NOT NULL DEFAULT '{}';");
    private static final MigrationScript TASK_REVIEWS = new MigrationScript("V1_1__create_task_reviews.sql",
            "CREATE TABLE task_reviews (task_id bigint PRIMARY KEY REFERENCES tasks (id), verdict text);");

    private DataSource db;

    @BeforeEach
    void freshDatabase() {
        db = TestDatabases.fresh("mig_user");
    }

    @Test
    void userMigrationsRunAfterTheBuiltinsInVersionOrder() {
        // listed out of order on purpose; V1_1 needs the built-in tasks table
        MigrationOutcome outcome = Migrations.migrate(db, true, List.of(NOTE_TAGS, TASK_REVIEWS, NOTES));

        assertThat(outcome.failure()).isNull();
        assertThat(outcome.applied()).containsExactly("builtin/V1__workflow_schema.sql", "V1__create_notes.sql",
                "V1_1__create_task_reviews.sql", "V2__add_note_tags.sql");
        assertThat(outcome.version()).isEqualTo("builtin 1 / 2");
        assertThat(outcome.pending()).isZero();
        assertThat(column(db, "SELECT script FROM workflowdb.schema_history WHERE success AND version <> '0' ORDER BY installed_rank"))
                .containsExactly("V1__create_notes.sql", "V1_1__create_task_reviews.sql", "V2__add_note_tags.sql");
    }

    @Test
    void aSecondRunAppliesNothing() {
        Migrations.migrate(db, false, List.of(NOTES, NOTE_TAGS));

        MigrationOutcome again = Migrations.migrate(db, false, List.of(NOTES, NOTE_TAGS));

        assertThat(again.failure()).isNull();
        assertThat(again.applied()).isEmpty();
        assertThat(again.version()).isEqualTo("2");
    }

    @Test
    void userTablesLandOnTheDatabasesOwnSearchPath() {
        Migrations.migrate(db, false, List.of(NOTES));

        assertThat(exists(db, "public", "notes")).isTrue();
        assertThat(exists(db, "workflowdb", "notes")).isFalse();
        assertThat(exists(db, "public", "tasks")).as("no built-ins unless asked for").isFalse();
    }

    @Test
    void planListsPendingMigrationsAndAppliesNothing() {
        MigrationOutcome plan = Migrations.plan(db, true, List.of(NOTES, NOTE_TAGS));

        assertThat(plan.failure()).isNull();
        assertThat(plan.pendingFiles()).containsExactly("builtin/V1__workflow_schema.sql", "V1__create_notes.sql",
                "V2__add_note_tags.sql");
        assertThat(plan.pending()).isEqualTo(3);
        assertThat(plan.applied()).isEmpty();
        assertThat(plan.version()).isNull();
        assertThat(exists(db, "public", "notes")).isFalse();
        assertThat(exists(db, "public", "tasks")).isFalse();
        assertThat(column(db, "SELECT 1 FROM pg_namespace WHERE nspname = 'workflowdb'")).isEmpty();
    }

    @Test
    void planAfterAMigrationShowsOnlyWhatIsNew() {
        Migrations.migrate(db, false, List.of(NOTES));

        MigrationOutcome plan = Migrations.plan(db, false, List.of(NOTES, NOTE_TAGS));

        assertThat(plan.pendingFiles()).containsExactly("V2__add_note_tags.sql");
        assertThat(plan.version()).isEqualTo("1");
        assertThat(column(db, "SELECT column_name FROM information_schema.columns WHERE table_name = 'notes'"))
                .doesNotContain("tags");
    }

    @Test
    void aFailingMigrationRollsBackEntirelyAndNamesTheFile() {
        MigrationScript broken = new MigrationScript("V2__broken.sql", """
                CREATE TABLE half_done (id bigint PRIMARY KEY);
                INSERT INTO no_such_table VALUES (1);
                """);
        MigrationScript later = new MigrationScript("V3__later.sql", "CREATE TABLE later (id bigint);");

        MigrationOutcome outcome = Migrations.migrate(db, false, List.of(NOTES, broken, later));

        assertThat(outcome.failure().kind()).isEqualTo(Kind.FAILED);
        assertThat(outcome.failure().file()).isEqualTo("V2__broken.sql");
        assertThat(outcome.failure().message()).contains("relation \"no_such_table\" does not exist").contains("line 2");
        assertThat(outcome.applied()).containsExactly("V1__create_notes.sql");
        assertThat(outcome.pendingFiles()).containsExactly("V2__broken.sql", "V3__later.sql");
        assertThat(outcome.version()).isEqualTo("1");
        assertThat(exists(db, "public", "half_done")).isFalse();
        assertThat(exists(db, "public", "later")).isFalse();
        assertThat(value(db, "SELECT count(*) FROM workflowdb.schema_history WHERE version = '2'")).isEqualTo("0");
    }

    @Test
    void aFixedMigrationRunsOnTheNextAttempt() {
        Migrations.migrate(db, false, List.of(new MigrationScript("V1__create_notes.sql", "CREATE TABLE notes (id bigint REFERENCES nowhere);")));

        MigrationOutcome retried = Migrations.migrate(db, false, List.of(NOTES));

        assertThat(retried.failure()).isNull();
        assertThat(retried.applied()).containsExactly("V1__create_notes.sql");
    }

    @Test
    void aMigrationThatFailedOutsideATransactionStopsLaterRunsWithAnExplanation() {
        MigrationScript index = new MigrationScript("V1__index_concurrently.sql",
                "CREATE INDEX CONCURRENTLY notes_body_idx ON no_such_table (body);");
        MigrationOutcome first = Migrations.migrate(db, false, List.of(index));

        MigrationOutcome second = Migrations.migrate(db, false, List.of(index, NOTE_TAGS));

        assertThat(first.failure().message()).contains("relation \"no_such_table\" does not exist");
        assertThat(second.failure().kind()).isEqualTo(Kind.FAILED);
        assertThat(second.failure().file()).isEqualTo("V1__index_concurrently.sql");
        assertThat(second.failure().message()).contains("outside a transaction").contains("workflowdb.schema_history");
        assertThat(second.applied()).isEmpty();
    }

    @Test
    void anEditedAppliedMigrationIsReportedAndNothingElseRuns() {
        Migrations.migrate(db, false, List.of(NOTES));
        MigrationScript edited = new MigrationScript(NOTES.file(), NOTES.sql() + "\nCREATE INDEX ON notes (body);");

        MigrationOutcome outcome = Migrations.migrate(db, false, List.of(edited, NOTE_TAGS));

        assertThat(outcome.failure().kind()).isEqualTo(Kind.CHECKSUM_MISMATCH);
        assertThat(outcome.failure().file()).isEqualTo("V1__create_notes.sql");
        assertThat(outcome.failure().message()).contains("V1__create_notes.sql changed after it was applied");
        assertThat(outcome.applied()).isEmpty();
        assertThat(outcome.pendingFiles()).containsExactly("V2__add_note_tags.sql");
        assertThat(column(db, "SELECT column_name FROM information_schema.columns WHERE table_name = 'notes'"))
                .doesNotContain("tags");
        assertThat(column(db, "SELECT indexname FROM pg_indexes WHERE tablename = 'notes'")).containsExactly("notes_pkey");
    }

    @Test
    void anAppliedMigrationUnderANewNameIsReported() {
        Migrations.migrate(db, false, List.of(NOTES));

        MigrationOutcome outcome = Migrations.migrate(db, false, List.of(new MigrationScript("V1__notes.sql", NOTES.sql())));

        assertThat(outcome.failure().kind()).isEqualTo(Kind.CHECKSUM_MISMATCH);
        assertThat(outcome.failure().file()).isEqualTo("V1__notes.sql");
        assertThat(outcome.failure().message()).contains("applied as V1__create_notes.sql");
    }

    @Test
    void aBadFileNameIsReportedByNameAndNothingRuns() {
        MigrationOutcome outcome = Migrations.migrate(db, true, List.of(NOTES, new MigrationScript("create-notes.sql", "SELECT 1;")));

        assertThat(outcome.failure().kind()).isEqualTo(Kind.INVALID_NAME);
        assertThat(outcome.failure().file()).isEqualTo("create-notes.sql");
        assertThat(outcome.failure().message()).contains("create-notes.sql").contains("V<version>__<description>.sql");
        assertThat(outcome.applied()).isEmpty();
        assertThat(exists(db, "public", "notes")).isFalse();
        assertThat(exists(db, "public", "tasks")).isFalse();
    }

    @Test
    void aVersionBelowTheNewestAppliedOneIsRefused() {
        Migrations.migrate(db, false, List.of(NOTES, NOTE_TAGS));

        MigrationOutcome outcome = Migrations.migrate(db, false,
                List.of(NOTES, NOTE_TAGS, new MigrationScript("V1_5__late.sql", "CREATE TABLE late (id bigint);")));

        assertThat(outcome.failure().kind()).isEqualTo(Kind.INVALID_NAME);
        assertThat(outcome.failure().file()).isEqualTo("V1_5__late.sql");
        assertThat(exists(db, "public", "late")).isFalse();
    }

    @Test
    void turningTheWorkflowSchemaOnAfterUserMigrationsWorks() {
        Migrations.migrate(db, false, List.of(NOTES));

        MigrationOutcome outcome = Migrations.migrate(db, true, List.of(NOTES, TASK_REVIEWS));

        assertThat(outcome.failure()).isNull();
        assertThat(outcome.applied()).containsExactly("builtin/V1__workflow_schema.sql", "V1_1__create_task_reviews.sql");
        assertThat(outcome.version()).isEqualTo("builtin 1 / 1.1");
        assertThat(exists(db, "public", "tasks")).isTrue();
        assertThat(exists(db, "public", "task_reviews")).isTrue();
    }

    @Test
    void turningTheWorkflowSchemaOffLeavesItInPlace() {
        Migrations.migrate(db, true, List.of());

        MigrationOutcome outcome = Migrations.migrate(db, false, List.of(NOTES));

        assertThat(outcome.failure()).isNull();
        assertThat(outcome.version()).isEqualTo("builtin 1 / 1");
        assertThat(exists(db, "public", "tasks")).isTrue();
    }

    @Test
    void aMigrationRemovedFromItsConfigMapStaysApplied() {
        Migrations.migrate(db, false, List.of(NOTES, NOTE_TAGS));

        MigrationOutcome outcome = Migrations.migrate(db, false,
                List.of(NOTE_TAGS, new MigrationScript("V3__more.sql", "CREATE TABLE more (id bigint);")));

        assertThat(outcome.failure()).isNull();
        assertThat(outcome.applied()).containsExactly("V3__more.sql");
        assertThat(outcome.version()).isEqualTo("3");
    }

    @Test
    void anExistingDatabaseWithTablesOfItsOwnAcceptsMigrations() {
        Sql.execute(db, "CREATE TABLE legacy (id bigint)");

        MigrationOutcome outcome = Migrations.migrate(db, true, List.of(NOTES));

        assertThat(outcome.failure()).isNull();
        assertThat(outcome.applied()).hasSize(2);
    }
}
