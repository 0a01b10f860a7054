package io.workflowdb.operator.sql;

import java.sql.Connection;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import io.workflowdb.operator.testing.Sql;
import io.workflowdb.operator.testing.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;

/** What runs commit to workflowdb.run_progress, on the embedded PostgreSQL. */
class RunProgressTest {

    @Test
    void batchesAddUpInTheirOwnTransactionAndARolledBackBatchCountsNothing() throws Exception {
        DataSource db = TestPostgres.freshDatabase("progress_batches");
        try (Connection c = db.getConnection()) {
            assertThat(RunProgress.ensure(c)).isTrue();
            assertThat(RunProgress.ensure(c)).as("a second call finds the table").isTrue();
            assertThat(RunProgress.counted(c, "run-1")).isEmpty();

            c.setAutoCommit(false);
            RunProgress.addBatch(c, "run-1", 100);
            c.commit();
            RunProgress.addBatch(c, "run-1", 40);
            c.rollback();
            RunProgress.addBatch(c, "run-1", 20);
            c.commit();
            c.setAutoCommit(true);

            RunProgress.Step counted = RunProgress.counted(c, "run-1").orElseThrow();
            assertThat(counted.rows()).isEqualTo(120);
            assertThat(counted.batches()).isEqualTo(2);

            RunProgress.carryOver(c, "run-1", 5_000, 9);
            assertThat(RunProgress.counted(c, "run-1").orElseThrow().rows()).as("a counted run keeps its count")
                    .isEqualTo(120);
            RunProgress.carryOver(c, "run-2", 5_000, 9);
            assertThat(RunProgress.counted(c, "run-2").orElseThrow().rows()).isEqualTo(5_000);
        }
    }

    @Test
    void stepsKeepTheirOrderAndTheLatestResultAndEarlierRunsAreForgotten() throws Exception {
        DataSource db = TestPostgres.freshDatabase("progress_steps");
        try (Connection c = db.getConnection()) {
            RunProgress.ensure(c);
            RunProgress.recordStep(c, "Kind/ns/p@2", new RunProgress.Step("vacuum tasks", 0, 0, "Failed", 12L, "lock"));
            RunProgress.recordStep(c, "Kind/ns/p@2", new RunProgress.Step("analyze", 0, 0, "Succeeded", 3L, null));
            RunProgress.recordStep(c, "Kind/ns/p@2", new RunProgress.Step("vacuum tasks", 0, 0, "Succeeded", 40L, null));
            RunProgress.addBatch(c, "Kind/ns/p@1", 7);
            RunProgress.addBatch(c, "Kind/ns/other@1", 7);

            List<RunProgress.Step> steps = RunProgress.steps(c, "Kind/ns/p@2");
            assertThat(steps).extracting(RunProgress.Step::name).containsExactly("vacuum tasks", "analyze");
            assertThat(steps.get(0).outcome()).isEqualTo("Succeeded");
            assertThat(steps.get(0).durationMs()).isEqualTo(40L);
            assertThat(steps.get(1).message()).isNull();

            RunProgress.forgetOthers(c, "Kind/ns/p@", "Kind/ns/p@2");
            assertThat(RunProgress.counted(c, "Kind/ns/p@1")).isEmpty();
            assertThat(RunProgress.counted(c, "Kind/ns/other@1")).as("another policy's run is kept").isPresent();
            assertThat(RunProgress.steps(c, "Kind/ns/p@2")).hasSize(2);
        }
    }

    @Test
    void aRoleThatMayNotCreateTheTableGetsFalseAndNothingChanges() throws Exception {
        DataSource owner = TestPostgres.freshDatabase("progress_denied");
        String database;
        try (Connection c = owner.getConnection()) {
            database = c.getCatalog();
        }
        Sql.execute(TestPostgres.superuser(database), "REVOKE CREATE ON DATABASE " + database + " FROM PUBLIC",
                "REVOKE CREATE ON SCHEMA public FROM PUBLIC");
        DataSource app = TestPostgres.loginAs(database, TestPostgres.APP_USER, TestPostgres.APP_PASSWORD);
        try (Connection c = app.getConnection()) {
            assertThat(RunProgress.ensure(c)).isFalse();
        }
        assertThat(Sql.strings(TestPostgres.superuser(database),
                "SELECT nspname FROM pg_namespace WHERE nspname = 'workflowdb'")).isEmpty();

        try (Connection c = TestPostgres.superuser(database).getConnection()) {
            assertThat(RunProgress.ensure(c)).as("the superuser creates it").isTrue();
        }
        Sql.execute(TestPostgres.superuser(database), "GRANT USAGE ON SCHEMA workflowdb TO " + TestPostgres.APP_USER);
        try (Connection c = app.getConnection()) {
            assertThat(RunProgress.ensure(c)).as("a table it may not write to counts as missing").isFalse();
        }
    }
}
