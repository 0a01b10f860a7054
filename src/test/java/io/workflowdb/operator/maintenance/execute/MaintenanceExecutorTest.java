package io.workflowdb.operator.maintenance.execute;

import static io.workflowdb.operator.retention.execute.RetentionDatabases.count;
import static io.workflowdb.operator.testing.Sql.execute;
import static io.workflowdb.operator.retention.execute.RetentionDatabases.insertTasks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.workflowdb.operator.api.v1alpha1.MaintenancePolicySpec;
import io.workflowdb.operator.api.v1alpha1.MaintenancePolicyStatus.ActionResult;
import io.workflowdb.operator.api.v1alpha1.MaintenancePolicyStatus.ActionResult.Outcome;
import io.workflowdb.operator.api.v1alpha1.MaintenancePolicyStatus.Reports;
import io.workflowdb.operator.maintenance.execute.MaintenanceExecutor.Limits;
import io.workflowdb.operator.maintenance.execute.MaintenanceExecutor.Result;
import io.workflowdb.operator.retention.execute.RetentionDatabases;
import io.workflowdb.operator.sql.AdvisoryLock;

/** Each test on its own database with the built-in workflow schema and 500 tasks. */
class MaintenanceExecutorTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private DataSource db;

    @BeforeEach
    void freshDatabase() {
        db = RetentionDatabases.freshWorkflowSchema("maint_exec");
        insertTasks(db, 500, "completed", 10);
    }

    @Test
    void vacuumAndAnalyzeUpdateTheTablesStatistics() throws Exception {
        MaintenancePolicySpec spec = new MaintenancePolicySpec();
        spec.analyze = analyze("projects");
        spec.vacuum = vacuum("tasks");

        Result result = run(spec);

        assertThat(result.finished()).isTrue();
        assertThat(result.results()).extracting(a -> a.name, a -> a.outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple("analyze projects", Outcome.Succeeded),
                org.assertj.core.groups.Tuple.tuple("vacuum tasks", Outcome.Succeeded));
        assertThat(result.results()).allSatisfy(a -> assertThat(a.durationMs).isNotNull().isNotNegative());
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(count(db, "SELECT vacuum_count FROM pg_stat_user_tables WHERE relname = 'tasks'")).isEqualTo(1);
            assertThat(count(db, "SELECT count(*) FROM pg_stat_user_tables WHERE relname = 'tasks'"
                    + " AND last_vacuum IS NOT NULL AND last_analyze IS NOT NULL")).as("VACUUM (ANALYZE)").isEqualTo(1);
            assertThat(count(db, "SELECT count(*) FROM pg_stat_user_tables WHERE relname = 'projects'"
                    + " AND last_analyze IS NOT NULL AND last_vacuum IS NULL")).isEqualTo(1);
        });
        assertThat(setting("statement_timeout")).as("the session's limits are reset").isEqualTo("0");
    }

    @Test
    void aFailingActionDoesNotStopTheOthers() throws Exception {
        MaintenancePolicySpec spec = new MaintenancePolicySpec();
        spec.analyze = analyze("missing_table", "projects");
        spec.vacuum = vacuum("tasks");
        spec.reports = new MaintenancePolicySpec.ReportsSpec();
        spec.reports.sizes = true;

        Result result = run(spec);

        assertThat(result.results()).extracting(a -> a.name).containsExactly("analyze missing_table", "analyze projects",
                "vacuum tasks", "report sizes");
        ActionResult failed = result.results().get(0);
        assertThat(failed.outcome).isEqualTo(Outcome.Failed);
        assertThat(failed.message).isEqualTo("relation \"missing_table\" does not exist");
        assertThat(result.results().subList(1, 4)).allSatisfy(a -> assertThat(a.outcome).isEqualTo(Outcome.Succeeded));
        assertThat(result.reports().sizes.databaseBytes).isPositive();
        await().atMost(WAIT).until(() -> count(db, "SELECT vacuum_count FROM pg_stat_user_tables WHERE relname = 'tasks'") == 1);
    }

    @Test
    void anActionOverItsTimeoutFailsAndTheNextRuns() throws Exception {
        MaintenancePolicySpec spec = new MaintenancePolicySpec();
        spec.analyze = analyze("projects", "tasks");
        try (Connection holder = db.getConnection(); Statement st = holder.createStatement()) {
            holder.setAutoCommit(false);
            st.execute("LOCK TABLE projects IN ACCESS EXCLUSIVE MODE");

            Result result = run(spec, new Limits(Instant.now().plusSeconds(3600), Duration.ofMillis(300),
                    Instant.now().plusSeconds(3600)));

            assertThat(result.results().get(0).outcome).isEqualTo(Outcome.Failed);
            assertThat(result.results().get(0).message).isEqualTo("canceling statement due to statement timeout (limit 300 ms)");
            assertThat(result.results().get(0).durationMs).isBetween(250L, 5_000L);
            assertThat(result.results().get(1).outcome).isEqualTo(Outcome.Succeeded);
            holder.rollback();
        }
    }

    @Test
    void aConcurrentRefreshLeavesReadersReadingAndAPlainOneGivesUpOnItsLock() throws Exception {
        createDailyMetrics("WITH DATA");
        MaintenancePolicySpec spec = refresh(true);
        try (Connection reader = db.getConnection()) {
            reader.setAutoCommit(false);
            assertThat(sumOfMetrics(reader)).isEqualTo(500);
            insertTasks(db, 100, "pending", null);
            AtomicBoolean refreshing = new AtomicBoolean(true);
            AtomicLong reads = new AtomicLong();
            AtomicLong slowestReadMs = new AtomicLong();
            CompletableFuture<Void> readers = CompletableFuture.runAsync(() -> {
                try (Connection c = db.getConnection()) {
                    while (refreshing.get()) {
                        long started = System.nanoTime();
                        assertThat(sumOfMetrics(c)).isIn(500L, 600L);
                        slowestReadMs.accumulateAndGet((System.nanoTime() - started) / 1_000_000, Math::max);
                        reads.incrementAndGet();
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });

            // the reader is reading before the refresh starts, however slow the machine
            await().atMost(WAIT).until(() -> reads.get() > 0);
            Result concurrent = run(spec);
            refreshing.set(false);
            readers.get();

            assertThat(concurrent.results()).singleElement().satisfies(a -> {
                assertThat(a.name).isEqualTo("refresh daily_task_metrics");
                assertThat(a.outcome).as(a.message).isEqualTo(Outcome.Succeeded);
            });
            assertThat(reads.get()).isPositive();
            assertThat(slowestReadMs.get()).as("no reader waited for the refresh").isLessThan(2_000);
            assertThat(sumOfMetrics(reader)).as("the open transaction reads the new rows, unblocked").isEqualTo(600);

            Result plain = run(refresh(false));
            assertThat(plain.results()).singleElement().satisfies(a -> {
                assertThat(a.outcome).isEqualTo(Outcome.Failed);
                assertThat(a.message).isEqualTo("canceling statement due to lock timeout");
            });
            reader.rollback();
        }
        assertThat(run(refresh(false)).results().get(0).outcome).isEqualTo(Outcome.Succeeded);
    }

    @Test
    void aViewNeverPopulatedIsFilledWithoutConcurrently() throws Exception {
        createDailyMetrics("WITH NO DATA");

        Result result = run(refresh(true));

        assertThat(result.results()).singleElement().satisfies(a -> {
            assertThat(a.outcome).as(a.message).isEqualTo(Outcome.Succeeded);
            assertThat(a.message).isEqualTo("never populated, so refreshed without CONCURRENTLY");
        });
        assertThat(count(db, "SELECT sum(n) FROM daily_task_metrics")).isEqualTo(500);
    }

    @Test
    void anInvalidIndexIsRebuiltAndALeftoverOfAFailedRebuildDropped() throws Exception {
        insertTasks(db, 3, "pending", null); // titles 'task 1' to 'task 3' twice
        try {
            execute(db, "CREATE UNIQUE INDEX CONCURRENTLY tasks_title_key_idx ON tasks (title)");
        } catch (IllegalStateException expected) {
            // a concurrent build that fails leaves its index behind, INVALID
        }
        assertThat(invalidIndexes()).containsExactly("tasks_title_key_idx");
        MaintenancePolicySpec spec = new MaintenancePolicySpec();
        spec.reindexInvalid = true;

        Result duplicates = run(spec);
        assertThat(duplicates.results()).singleElement().satisfies(a -> {
            assertThat(a.name).isEqualTo("reindex public.tasks_title_key_idx");
            assertThat(a.outcome).isEqualTo(Outcome.Failed);
            assertThat(a.message).startsWith("could not create unique index");
        });
        assertThat(invalidIndexes()).containsExactlyInAnyOrder("tasks_title_key_idx", "tasks_title_key_idx_ccnew");

        execute(db, "DELETE FROM tasks WHERE id > 500");
        Result repaired = run(spec);

        assertThat(repaired.results()).extracting(a -> a.name, a -> a.outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple("drop public.tasks_title_key_idx_ccnew", Outcome.Succeeded),
                org.assertj.core.groups.Tuple.tuple("reindex public.tasks_title_key_idx", Outcome.Succeeded));
        assertThat(invalidIndexes()).isEmpty();
        assertThat(count(db, "SELECT count(*) FROM pg_indexes WHERE indexname LIKE 'tasks_title_key_idx%'")).isEqualTo(1);
        assertThat(run(spec).results()).singleElement().satisfies(a -> assertThat(a.message).isEqualTo("no invalid index to rebuild"));
    }

    @Test
    void theUnusedIndexReportLeavesOutKeysAndSaysSinceWhen() throws Exception {
        execute(db, "CREATE TABLE lookups (id bigint PRIMARY KEY, code text UNIQUE, note text)",
                "CREATE INDEX lookups_note_idx ON lookups (note)",
                "CREATE UNIQUE INDEX lookups_lower_code_idx ON lookups (lower(code))",
                "INSERT INTO lookups SELECT g, 'c' || g, 'n' || g FROM generate_series(1, 50) g");
        MaintenancePolicySpec spec = new MaintenancePolicySpec();
        spec.reports = new MaintenancePolicySpec.ReportsSpec();
        spec.reports.unusedIndexes = true;

        Reports reports = run(spec).reports();

        assertThat(reports.unusedIndexes).extracting(i -> i.index).contains("public.lookups_note_idx")
                .doesNotContain("public.lookups_pkey", "public.lookups_code_key", "public.lookups_lower_code_idx");
        assertThat(reports.unusedIndexes).filteredOn(i -> i.index.equals("public.lookups_note_idx")).singleElement()
                .satisfies(i -> {
                    assertThat(i.table).isEqualTo("public.lookups");
                    assertThat(i.scans).isZero();
                    assertThat(i.sizeBytes).isPositive();
                });
        assertThat(reports.unusedIndexesTotal).isEqualTo(reports.unusedIndexes.size());
        assertThat(Instant.parse(reports.statsSince)).isBefore(Instant.now());
        assertThat(count(db, "SELECT idx_scan FROM pg_stat_user_indexes WHERE indexrelname = 'lookups_pkey'"))
                .as("the primary key is as unscanned as the index reported").isZero();

        execute(db, "SET enable_seqscan = off; SELECT * FROM lookups WHERE note = 'n7'; SELECT pg_stat_force_next_flush()");
        await().atMost(WAIT).untilAsserted(() -> assertThat(run(spec).reports().unusedIndexes).extracting(i -> i.index)
                .doesNotContain("public.lookups_note_idx"));
    }

    @Test
    void bloatAndSizesAreCappedAndSizesGrowFromTheRunBefore() throws Exception {
        execute(db, "ALTER TABLE tasks SET (autovacuum_enabled = false)", "DELETE FROM tasks WHERE id % 2 = 0",
                "SELECT pg_stat_force_next_flush()");
        for (int i = 1; i <= 11; i++) {
            execute(db, "CREATE TABLE scratch_" + i + " (id int) WITH (autovacuum_enabled = false)",
                    "INSERT INTO scratch_" + i + " VALUES (1), (2)", "DELETE FROM scratch_" + i + " WHERE id = 1",
                    "SELECT pg_stat_force_next_flush()");
        }
        MaintenancePolicySpec spec = new MaintenancePolicySpec();
        spec.reports = new MaintenancePolicySpec.ReportsSpec();
        spec.reports.bloat = true;
        spec.reports.sizes = true;

        Reports first = await().atMost(WAIT).until(() -> run(spec).reports(),
                r -> r.bloat.size() == MaintenanceReports.LIMIT && "public.tasks".equals(r.bloat.get(0).table));
        assertThat(first.bloat.get(0).deadTuples).isEqualTo(250);
        assertThat(first.bloat.get(0).liveTuples).isEqualTo(250);
        assertThat(first.bloat.get(0).deadRatioPercent).isEqualTo(50.0);
        assertThat(first.bloat.get(0).lastVacuum).isNull();
        assertThat(first.sizes.tables).hasSize(MaintenanceReports.LIMIT);
        assertThat(first.sizes.growthBytesSinceLastRun).isNull();
        assertThat(first.sizes.tables).allSatisfy(t -> assertThat(t.growthBytes).isNull());

        insertTasks(db, 5_000, "pending", null);
        Reports second = run(spec, first).reports();

        assertThat(second.sizes.growthBytesSinceLastRun).isPositive()
                .isEqualTo(second.sizes.databaseBytes - first.sizes.databaseBytes);
        assertThat(second.sizes.tables).filteredOn(t -> t.table.equals("public.tasks")).singleElement()
                .satisfies(t -> assertThat(t.growthBytes).isPositive());
    }

    @Test
    void anotherRunHoldingTheLockMeansNothingIsDone() throws Exception {
        MaintenancePolicySpec spec = new MaintenancePolicySpec();
        spec.vacuum = vacuum("tasks");
        try (Connection other = db.getConnection()) {
            String database = other.getCatalog();
            try (AdvisoryLock held = AdvisoryLock.tryAcquire(other, MaintenanceExecutor.LOCK_PREFIX + database).orElseThrow()) {
                Result result = run(spec);
                assertThat(result.lockHeld()).isTrue();
                assertThat(result.database()).isEqualTo(database);
                assertThat(result.results()).isEmpty();
            }
        }
        assertThat(count(db, "SELECT vacuum_count FROM pg_stat_user_tables WHERE relname = 'tasks'")).isZero();
        assertThat(run(spec).lockHeld()).isFalse();
    }

    @Test
    void actionsPastTheDeadlineAreSkippedButTheReportsAreCollected() throws Exception {
        MaintenancePolicySpec spec = new MaintenancePolicySpec();
        spec.vacuum = vacuum("tasks", "projects");
        spec.reports = new MaintenancePolicySpec.ReportsSpec();
        spec.reports.sizes = true;

        Result result = run(spec, Limits.whole(Instant.now().minusSeconds(1), Duration.ofMinutes(10)));

        assertThat(result.results()).extracting(a -> a.name, a -> a.outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple("vacuum tasks", Outcome.Skipped),
                org.assertj.core.groups.Tuple.tuple("vacuum projects", Outcome.Skipped),
                org.assertj.core.groups.Tuple.tuple("report sizes", Outcome.Succeeded));
        assertThat(result.results().get(0).message).isEqualTo("not started: the run's maxDuration had passed");
        assertThat(result.reports().sizes).isNotNull();
        assertThat(count(db, "SELECT vacuum_count FROM pg_stat_user_tables WHERE relname = 'tasks'")).isZero();
    }

    @Test
    void aSliceEndsAfterItsFirstActionAndTheNextGoesOnWithoutRepeatingIt() throws Exception {
        MaintenancePolicySpec spec = new MaintenancePolicySpec();
        spec.vacuum = vacuum("tasks", "projects");
        Limits sliceOver = new Limits(Instant.now().plusSeconds(3600), Duration.ofMinutes(10), Instant.now());

        Result first = run(spec, sliceOver);
        assertThat(first.finished()).isFalse();
        assertThat(first.results()).extracting(a -> a.name).containsExactly("vacuum tasks");

        List<ActionResult> second = new ArrayList<>();
        Result rest;
        try (Connection c = autocommit()) {
            rest = MaintenanceExecutor.run(c, spec, sliceOver, Clock.systemUTC(), Set.of("vacuum tasks"), null, second::add);
        }
        assertThat(rest.finished()).isTrue();
        assertThat(second).extracting(a -> a.name).containsExactly("vacuum projects");
        await().atMost(WAIT).untilAsserted(() -> assertThat(
                count(db, "SELECT sum(vacuum_count) FROM pg_stat_user_tables WHERE relname IN ('tasks', 'projects')"))
                .isEqualTo(2));
    }

    private Result run(MaintenancePolicySpec spec) throws SQLException {
        return run(spec, Limits.whole(Instant.now().plusSeconds(3600), Duration.ofMinutes(10)));
    }

    private Result run(MaintenancePolicySpec spec, Reports previous) throws SQLException {
        try (Connection c = autocommit()) {
            return MaintenanceExecutor.run(c, spec, Limits.whole(Instant.now().plusSeconds(3600), Duration.ofMinutes(10)),
                    Clock.systemUTC(), Set.of(), previous, MaintenanceExecutor.Progress.NONE);
        }
    }

    private Result run(MaintenancePolicySpec spec, Limits limits) throws SQLException {
        try (Connection c = autocommit()) {
            return MaintenanceExecutor.run(c, spec, limits, Clock.systemUTC(), Set.of(), null, MaintenanceExecutor.Progress.NONE);
        }
    }

    private Connection autocommit() throws SQLException {
        Connection c = db.getConnection();
        c.setAutoCommit(true);
        return c;
    }

    private String setting(String name) throws SQLException {
        try (Connection c = autocommit()) {
            MaintenanceExecutor.run(c, new MaintenancePolicySpec(), Limits.whole(Instant.now().plusSeconds(60), Duration.ofMillis(1234)),
                    Clock.systemUTC(), Set.of(), null, MaintenanceExecutor.Progress.NONE);
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW " + name)) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private List<String> invalidIndexes() {
        List<String> names = new ArrayList<>();
        try (Connection c = db.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                        + " WHERE NOT i.indisvalid")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return names;
    }

    private void createDailyMetrics(String data) {
        execute(db, "CREATE MATERIALIZED VIEW daily_task_metrics AS SELECT date_trunc('day', created_at) AS day, status,"
                + " count(*) AS n FROM tasks GROUP BY 1, 2 " + data,
                "CREATE UNIQUE INDEX daily_task_metrics_key ON daily_task_metrics (day, status)");
    }

    private static long sumOfMetrics(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT sum(n) FROM daily_task_metrics")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static MaintenancePolicySpec refresh(boolean concurrently) {
        MaintenancePolicySpec spec = new MaintenancePolicySpec();
        spec.refreshMaterializedViews = new MaintenancePolicySpec.RefreshSpec();
        spec.refreshMaterializedViews.names = List.of("daily_task_metrics");
        spec.refreshMaterializedViews.concurrently = concurrently;
        return spec;
    }

    private static MaintenancePolicySpec.AnalyzeSpec analyze(String... tables) {
        MaintenancePolicySpec.AnalyzeSpec analyze = new MaintenancePolicySpec.AnalyzeSpec();
        analyze.tables = List.of(tables);
        return analyze;
    }

    private static MaintenancePolicySpec.VacuumSpec vacuum(String... tables) {
        MaintenancePolicySpec.VacuumSpec vacuum = new MaintenancePolicySpec.VacuumSpec();
        vacuum.tables = List.of(tables);
        return vacuum;
    }
}
