package io.workflowdb.operator.partition;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.workflowdb.operator.api.v1alpha1.LocalObjectReference;
import io.workflowdb.operator.api.v1alpha1.PartitionPolicySpec;
import io.workflowdb.operator.api.v1alpha1.PartitionPolicySpec.PartitionRetention;
import io.workflowdb.operator.api.v1alpha1.PartitionPolicySpec.RangeSpec;
import io.workflowdb.operator.partition.execute.ExecutionReport;
import io.workflowdb.operator.partition.execute.PartitionCatalog;
import io.workflowdb.operator.partition.execute.PartitionExecutor;
import io.workflowdb.operator.partition.model.ObservedPartition;
import io.workflowdb.operator.partition.model.PartitionAction;
import io.workflowdb.operator.partition.model.PartitionAction.CreateRangePartition;
import io.workflowdb.operator.partition.model.PartitionSnapshot;
import io.workflowdb.operator.schema.migration.MigrationOutcome;
import io.workflowdb.operator.schema.migration.Migrations;
import io.workflowdb.operator.testing.LockProbe;
import io.workflowdb.operator.testing.Sql;
import io.workflowdb.operator.testing.TestPostgres;

/**
 * Upkeep runs while the application works: a reader holds a transaction open for 30 s, short
 * readers and a writer commit throughout, and neither the writer nor a short reader ever waits a
 * second. Upkeep runs again every second, as the operator would a minute after a failure, until it
 * has done its work: at once where its locks are free, after the long reader otherwise.
 *
 * <p>The scenarios run side by side, each on its own database, so the class takes one reader's
 * time; each test asserts on its own scenario.
 */
class PartitionLocksTest {

    /** The long reader. */
    private static final Duration READER_HOLDS = Duration.ofSeconds(30);
    /** What the application must never wait for one statement. */
    private static final Duration LIMIT = Duration.ofSeconds(1);

    private static final Instant NOW = Instant.parse("2026-11-15T12:00:00Z");
    private static final String WHOLE_TABLE = "SELECT count(*) FROM workflow_events";
    /** A literal range: planning prunes to the November partition, so only it and the parent are locked. */
    private static final String NOVEMBER = "SELECT count(*) FROM workflow_events"
            + " WHERE occurred_at >= '2026-11-01T00:00:00Z' AND occurred_at < '2026-11-15T00:00:00Z'";
    private static final String WRITE_NOVEMBER = insert("2026-11-15T12:00:00Z");
    /** A late event: no range holds it, the default partition takes it. */
    private static final String WRITE_LATE = insert("2020-01-01T00:00:00Z");

    private static ExecutorService pool;
    private static CompletableFuture<Scenario> premakeWithoutDefault;
    private static CompletableFuture<Scenario> premakeWithDefault;
    private static CompletableFuture<Scenario> premakeWithDefaultReaderOfOneMonth;
    private static CompletableFuture<Scenario> dropWithDefault;
    private static CompletableFuture<Scenario> detachWithoutDefault;

    /** What one scenario saw: the clients' records and each upkeep run. */
    record Scenario(LockProbe.Client writer, LockProbe.Client readers, List<Run> runs, PartitionSnapshot after) {

        Run first() {
            return runs.get(0);
        }

        Run last() {
            return runs.get(runs.size() - 1);
        }
    }

    /** One upkeep run: its failure (null when it did all its work) and whether the long reader was still open at its end. */
    record Run(String failure, boolean readerOpen) {
    }

    @BeforeAll
    static void runScenariosSideBySide() {
        pool = Executors.newFixedThreadPool(5);
        premakeWithoutDefault = scenario(() -> premake("locks_premake_plain", false, WHOLE_TABLE));
        premakeWithDefault = scenario(() -> premake("locks_premake_default", true, WHOLE_TABLE));
        premakeWithDefaultReaderOfOneMonth = scenario(() -> premake("locks_premake_month", true, NOVEMBER));
        dropWithDefault = scenario(() -> retention("locks_drop", true, PartitionRetention.Action.DROP));
        detachWithoutDefault = scenario(() -> retention("locks_detach", false, PartitionRetention.Action.DETACH));
    }

    @AfterAll
    static void stopPool() {
        pool.shutdownNow();
    }

    @Test
    void premakingWithoutADefaultPartitionAttachesWhileTheLongReaderIsOpen() throws Exception {
        Scenario s = premakeWithoutDefault.get(3, TimeUnit.MINUTES);

        assertApplicationNeverWaitedASecond(s);
        assertThat(s.first().failure()).isNull();
        assertThat(s.first().readerOpen()).as("ATTACH needs only SHARE UPDATE EXCLUSIVE on the parent").isTrue();
        assertThat(rangeStarts(s)).contains("2026-12-01T00:00:00Z", "2027-01-01T00:00:00Z", "2027-02-01T00:00:00Z");
    }

    @Test
    void premakingWithADefaultPartitionTheReaderHoldsRetriesAndAttachesAfterIt() throws Exception {
        Scenario s = premakeWithDefault.get(3, TimeUnit.MINUTES);

        assertApplicationNeverWaitedASecond(s);
        assertThat(s.first().readerOpen()).isTrue();
        assertThat(s.first().failure()).as("ATTACH needs ACCESS EXCLUSIVE on the default, which the reader holds")
                .contains("lock timeout");
        assertThat(s.last().failure()).isNull();
        assertThat(s.last().readerOpen()).isFalse();
        assertThat(rangeStarts(s)).contains("2026-12-01T00:00:00Z", "2027-01-01T00:00:00Z", "2027-02-01T00:00:00Z");
    }

    @Test
    void premakingWithADefaultPartitionTheReaderDoesNotTouchAttachesAtOnce() throws Exception {
        Scenario s = premakeWithDefaultReaderOfOneMonth.get(3, TimeUnit.MINUTES);

        assertApplicationNeverWaitedASecond(s);
        assertThat(s.first().failure()).isNull();
        assertThat(s.first().readerOpen()).isTrue();
        assertThat(rangeStarts(s)).contains("2026-12-01T00:00:00Z", "2027-01-01T00:00:00Z", "2027-02-01T00:00:00Z");
    }

    @Test
    void droppingAnOldPartitionWaitsForTheReaderInShortAttemptsThenDrops() throws Exception {
        Scenario s = dropWithDefault.get(3, TimeUnit.MINUTES);

        assertApplicationNeverWaitedASecond(s);
        assertThat(s.first().failure()).as("DROP needs ACCESS EXCLUSIVE on the parent").contains("lock timeout");
        assertThat(s.last().failure()).isNull();
        assertThat(s.last().readerOpen()).isFalse();
        assertThat(rangeStarts(s)).doesNotContain("2026-09-01T00:00:00Z").contains("2026-10-01T00:00:00Z");
    }

    @Test
    void aConcurrentDetachTheReaderHoldsUpIsFinalizedAfterIt() throws Exception {
        Scenario s = detachWithoutDefault.get(3, TimeUnit.MINUTES);

        assertApplicationNeverWaitedASecond(s);
        assertThat(s.first().failure()).as("the detach waits for the reader's transaction to end").contains("lock timeout");
        assertThat(s.last().failure()).isNull();
        assertThat(s.last().readerOpen()).isFalse();
        assertThat(rangeStarts(s)).doesNotContain("2026-09-01T00:00:00Z").contains("2026-10-01T00:00:00Z");
        assertThat(s.after().partitions()).noneMatch(ObservedPartition::detachPending);
    }

    private static void assertApplicationNeverWaitedASecond(Scenario s) {
        System.out.println(s.writer() + "; " + s.readers() + "; upkeep runs " + s.runs());
        assertThat(s.writer().failures()).as("failed writer transactions").isEmpty();
        assertThat(s.readers().failures()).as("failed short reads").isEmpty();
        assertThat(s.writer().slowest()).as("slowest writer commit: " + s.writer()).isLessThan(LIMIT);
        assertThat(s.readers().slowest()).as("slowest short read: " + s.readers()).isLessThan(LIMIT);
        assertThat(s.writer().completed()).as("the writer committed throughout").isGreaterThan(100);
        assertThat(s.readers().completed()).as("the readers read throughout").isGreaterThan(100);
    }

    private static List<String> rangeStarts(Scenario s) {
        return s.after().partitions().stream().filter(p -> p.from() != null).map(p -> p.from().toString()).toList();
    }

    /** A month partitioned table with November; the upkeep premakes three months ahead. */
    private static Scenario premake(String database, boolean withDefault, String longRead) throws Exception {
        DataSource db = workflowSchema(database, withDefault, List.of(month(2026, 11)));
        return underLoad(db, withDefault, longRead, policy(withDefault, 3, null));
    }

    /** September to December exist; the upkeep keeps two months, so September goes. */
    private static Scenario retention(String database, boolean withDefault, PartitionRetention.Action action)
            throws Exception {
        DataSource db = workflowSchema(database, withDefault,
                List.of(month(2026, 9), month(2026, 10), month(2026, 11), month(2026, 12)));
        PartitionRetention retention = new PartitionRetention();
        retention.keep = 2;
        retention.action = action;
        return underLoad(db, withDefault, WHOLE_TABLE, policy(withDefault, 1, retention));
    }

    /** Runs upkeep every second until it succeeds, while the probe's clients work; then until the reader is done. */
    private static Scenario underLoad(DataSource db, boolean withDefault, String longRead, PartitionPolicySpec spec)
            throws Exception {
        List<String> writes = withDefault ? List.of(WRITE_NOVEMBER, WRITE_LATE) : List.of(WRITE_NOVEMBER);
        List<Run> runs = new ArrayList<>();
        try (LockProbe probe = LockProbe.on(db).longReader(longRead, READER_HOLDS)
                .shortReads(WHOLE_TABLE, NOVEMBER).writes(writes.toArray(String[]::new)).start();
                Connection upkeep = db.getConnection()) {
            long deadline = System.nanoTime() + READER_HOLDS.plusSeconds(60).toNanos();
            while (runs.isEmpty() || runs.get(runs.size() - 1).failure() != null) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("upkeep never succeeded: " + runs);
                }
                if (!runs.isEmpty()) {
                    Thread.sleep(1000);
                }
                PartitionPass.Result result = PartitionPass.apply(upkeep, spec, NOW);
                ExecutionReport report = result.report();
                String failure = result.problem() != null ? result.problem().message() : report.failure();
                runs.add(new Run(failure, probe.longReaderOpen()));
            }
            probe.awaitLongReaderEnd(READER_HOLDS.plusSeconds(30));
            Thread.sleep(1000);
            PartitionSnapshot after = PartitionCatalog.read(upkeep, "workflow_events", "occurred_at");
            return new Scenario(probe.writer(), probe.readers(), runs, after);
        }
    }

    private static DataSource workflowSchema(String prefix, boolean withDefault, List<PartitionAction> months)
            throws Exception {
        DataSource db = TestPostgres.freshDatabase(prefix);
        MigrationOutcome outcome = Migrations.migrate(db, true, List.of());
        if (outcome.failure() != null) {
            throw new IllegalStateException(String.valueOf(outcome.failure()));
        }
        if (!withDefault) {
            Sql.execute(db, "DROP TABLE workflow_events_default");
        }
        try (Connection c = db.getConnection()) {
            ExecutionReport report = PartitionExecutor.run(c, "workflow_events", "occurred_at", months, Duration.ofSeconds(5));
            if (!report.succeeded()) {
                throw new IllegalStateException(report.failure());
            }
        }
        for (PartitionAction month : months) {
            Sql.execute(db, "INSERT INTO workflow_events (occurred_at, event_type, event_category, action)"
                    + " SELECT timestamptz '" + ((CreateRangePartition) month).from() + "' + g * interval '6 hours',"
                    + " 'task', 'lifecycle', 'created' FROM generate_series(0, 99) g");
        }
        return db;
    }

    private static PartitionAction month(int year, int month) {
        Instant from = Instant.parse(String.format("%d-%02d-01T00:00:00Z", year, month));
        Instant to = Instant.parse(month == 12 ? String.format("%d-01-01T00:00:00Z", year + 1)
                : String.format("%d-%02d-01T00:00:00Z", year, month + 1));
        return new CreateRangePartition(String.format("workflow_events_p%d_%02d", year, month), from, to, null, null);
    }

    private static PartitionPolicySpec policy(boolean withDefault, int premake, PartitionRetention retention) {
        PartitionPolicySpec spec = new PartitionPolicySpec();
        spec.databaseRef = new LocalObjectReference("workflow-db");
        spec.table = "workflow_events";
        spec.column = "occurred_at";
        spec.range = new RangeSpec();
        spec.range.interval = RangeSpec.Interval.MONTH;
        spec.range.premake = premake;
        spec.defaultPartition = withDefault;
        spec.retention = retention;
        return spec;
    }

    private static String insert(String occurredAt) {
        return "INSERT INTO workflow_events (occurred_at, event_type, event_category, action)"
                + " VALUES ('" + occurredAt + "', 'task', 'lifecycle', 'created')";
    }

    private interface ScenarioRun {
        Scenario run() throws Exception;
    }

    private static CompletableFuture<Scenario> scenario(ScenarioRun run) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return run.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, pool);
    }
}
