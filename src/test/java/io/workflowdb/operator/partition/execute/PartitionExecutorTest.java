package io.workflowdb.operator.partition.execute;

import static io.workflowdb.operator.partition.execute.PartitionDatabases.count;
import static io.workflowdb.operator.testing.Sql.execute;
import static io.workflowdb.operator.partition.execute.PartitionDatabases.insertEvents;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.workflowdb.operator.partition.model.ObservedPartition;
import io.workflowdb.operator.partition.model.PartitionAction;
import io.workflowdb.operator.partition.model.PartitionAction.ConvertEmptyTable;
import io.workflowdb.operator.partition.model.PartitionAction.CreateDefaultPartition;
import io.workflowdb.operator.partition.model.PartitionAction.CreateHashPartition;
import io.workflowdb.operator.partition.model.PartitionAction.CreateParentFromTemplate;
import io.workflowdb.operator.partition.model.PartitionAction.CreateRangePartition;
import io.workflowdb.operator.partition.model.PartitionAction.DetachPartition;
import io.workflowdb.operator.partition.model.PartitionAction.DropPartition;
import io.workflowdb.operator.partition.model.PartitionAction.FinalizeDetach;
import io.workflowdb.operator.partition.model.PartitionSnapshot;

/** Each test on its own database with the built-in workflow schema. */
class PartitionExecutorTest {

    private static final Duration SHORT = Duration.ofMillis(300);

    private DataSource db;

    @BeforeEach
    void freshDatabase() {
        db = PartitionDatabases.freshWorkflowSchema("part_exec");
    }

    private static CreateRangePartition month(String name, String from, String to) {
        return new CreateRangePartition(name, Instant.parse(from), Instant.parse(to), null, null);
    }

    private static final CreateRangePartition NOV = month("workflow_events_2026_11", "2026-11-01T00:00:00Z",
            "2026-12-01T00:00:00Z");
    private static final CreateRangePartition DEC = month("workflow_events_2026_12", "2026-12-01T00:00:00Z",
            "2027-01-01T00:00:00Z");
    private static final CreateRangePartition JAN = month("workflow_events_2027_01", "2027-01-01T00:00:00Z",
            "2027-02-01T00:00:00Z");

    private ExecutionReport run(String table, String key, List<PartitionAction> actions) throws Exception {
        try (Connection c = db.getConnection()) {
            return PartitionExecutor.run(c, table, key, actions, SHORT);
        }
    }

    private PartitionSnapshot snapshot(String table, String key) throws Exception {
        try (Connection c = db.getConnection()) {
            return PartitionCatalog.read(c, table, key);
        }
    }

    @Test
    void monthlyPartitionsTakeTheirRowsOutOfTheDefaultPartition() throws Exception {
        insertEvents(db, "2026-11-01T00:00:00Z", "2026-11-15T12:00:00Z", "2026-11-30T23:59:59.999Z",
                "2026-12-01T00:00:00Z", "2026-12-24T18:00:00Z", "2027-03-01T00:00:00Z", "2025-01-01T00:00:00Z");

        ExecutionReport report = run("public.workflow_events", "occurred_at", List.of(NOV, DEC, JAN));

        assertThat(report.failure()).isNull();
        assertThat(report.created()).isEqualTo(3);
        assertThat(report.movedRows()).isEqualTo(5);
        assertThat(count(db, "SELECT count(*) FROM workflow_events")).isEqualTo(7);
        assertThat(count(db, "SELECT count(*) FROM workflow_events_default")).isEqualTo(2);
        assertThat(count(db, "SELECT count(*) FROM workflow_events_2026_11")).isEqualTo(3);
        assertThat(count(db, "SELECT count(*) FROM workflow_events_2026_12")).isEqualTo(2);
        assertThat(count(db, "SELECT count(*) FROM workflow_events_2027_01")).isZero();
        assertThat(report.executed()).as("no rows to move: built standalone, attached, no PARTITION OF").containsSubsequence(
                "CREATE TABLE \"public\".\"workflow_events_2027_01\" (LIKE \"public\".\"workflow_events\""
                        + " INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING GENERATED INCLUDING INDEXES)",
                "ALTER TABLE \"public\".\"workflow_events_2027_01\" ADD CONSTRAINT \"wfdb_partition_bound\" CHECK"
                        + " (\"occurred_at\" IS NOT NULL AND \"occurred_at\" >= '2027-01-01T00:00:00Z'::timestamptz"
                        + " AND \"occurred_at\" < '2027-02-01T00:00:00Z'::timestamptz)",
                "ALTER TABLE \"public\".\"workflow_events\" ATTACH PARTITION \"public\".\"workflow_events_2027_01\""
                        + " FOR VALUES FROM ('2027-01-01T00:00:00Z'::timestamptz) TO ('2027-02-01T00:00:00Z'::timestamptz)",
                "ALTER TABLE \"public\".\"workflow_events_2027_01\" DROP CONSTRAINT \"wfdb_partition_bound\"");
        assertThat(report.executed()).noneMatch(sql -> sql.contains("PARTITION OF"));
        assertThat(count(db, "SELECT count(*) FROM pg_constraint WHERE conname = 'wfdb_partition_bound'"))
                .as("the bound checks are gone once attached").isZero();
        PartitionSnapshot after = snapshot("workflow_events", "occurred_at");
        assertThat(after.defaultPartitionRows()).isEqualTo(2);
        assertThat(after.partitions()).filteredOn(p -> !p.isDefault()).extracting(ObservedPartition::from)
                .containsExactly(NOV.from(), DEC.from(), JAN.from());
        assertThat(count(db, "SELECT count(*) FROM pg_indexes WHERE tablename = 'workflow_events_2026_11'"))
                .as("attaching gave the moved partition the parent's primary key").isEqualTo(1);
    }

    /** Hash on id: a subpartition key must be in the primary key (id, occurred_at) too. */
    @Test
    void subpartitionedRangePartitionGetsItsHashChildrenWithOrWithoutRowsToMove() throws Exception {
        insertEvents(db, "2026-12-02T00:00:00Z", "2026-12-03T00:00:00Z", "2026-12-04T00:00:00Z");
        CreateRangePartition nov = new CreateRangePartition("workflow_events_2026_11", NOV.from(), NOV.to(), "id", 2);
        CreateRangePartition dec = new CreateRangePartition("workflow_events_2026_12", DEC.from(), DEC.to(), "id", 3);

        ExecutionReport report = run("workflow_events", "occurred_at", List.of(nov, dec));

        assertThat(report.failure()).isNull();
        assertThat(report.created()).isEqualTo(2);
        assertThat(report.movedRows()).isEqualTo(3);
        assertThat(snapshot("workflow_events_2026_11", "id").partitions()).extracting(ObservedPartition::name)
                .containsExactly("workflow_events_2026_11_h0", "workflow_events_2026_11_h1");
        PartitionSnapshot decChildren = snapshot("workflow_events_2026_12", "id");
        assertThat(decChildren.strategy()).isEqualTo("hash");
        assertThat(decChildren.partitions()).extracting(ObservedPartition::modulus).containsOnly(3);
        assertThat(count(db, "SELECT count(*) FROM workflow_events_2026_12")).isEqualTo(3);
        assertThat(count(db, "SELECT count(*) FROM workflow_events_default")).isZero();
    }

    @Test
    void detachFallsBackToPlainWhileTheParentHasADefaultPartitionAndDropRemovesThePartition() throws Exception {
        run("workflow_events", "occurred_at", List.of(NOV, DEC));
        insertEvents(db, "2026-11-05T00:00:00Z");

        ExecutionReport report = run("workflow_events", "occurred_at",
                List.of(new DetachPartition(NOV.partition()), new DropPartition(DEC.partition())));

        assertThat(report.failure()).isNull();
        assertThat(report.detached()).isEqualTo(1);
        assertThat(report.dropped()).isEqualTo(1);
        assertThat(report.executed()).containsExactly(
                "ALTER TABLE \"public\".\"workflow_events\" DETACH PARTITION \"public\".\"workflow_events_2026_11\"",
                "DROP TABLE \"public\".\"workflow_events_2026_12\"");
        assertThat(snapshot("workflow_events", "occurred_at").partitions()).extracting(ObservedPartition::name)
                .containsExactly("workflow_events_default");
        assertThat(count(db, "SELECT count(*) FROM workflow_events_2026_11")).as("the detached table stays").isEqualTo(1);
        assertThat(count(db, "SELECT count(*) FROM pg_class WHERE relname = 'workflow_events_2026_12'")).isZero();
    }

    @Test
    void detachRunsConcurrentlyWhenThereIsNoDefaultPartition() throws Exception {
        execute(db, "DROP TABLE workflow_events_default");
        run("workflow_events", "occurred_at", List.of(NOV, DEC));

        ExecutionReport report = run("workflow_events", "occurred_at", List.of(new DetachPartition(NOV.partition())));

        assertThat(report.failure()).isNull();
        assertThat(report.executed()).containsExactly("ALTER TABLE \"public\".\"workflow_events\" DETACH PARTITION"
                + " \"public\".\"workflow_events_2026_11\" CONCURRENTLY");
        assertThat(snapshot("workflow_events", "occurred_at").partitions()).extracting(ObservedPartition::name)
                .containsExactly("workflow_events_2026_12");
    }

    @Test
    void anInterruptedConcurrentDetachIsFinalized() throws Exception {
        execute(db, "DROP TABLE workflow_events_default");
        run("workflow_events", "occurred_at", List.of(NOV, DEC));
        try (Connection reader = db.getConnection(); Connection detacher = db.getConnection()) {
            reader.setAutoCommit(false);
            try (Statement st = reader.createStatement()) {
                st.executeQuery("SELECT count(*) FROM workflow_events").close();
            }
            int detacherPid = pid(detacher);
            CompletableFuture<Void> detach = CompletableFuture.runAsync(() -> {
                try (Statement st = detacher.createStatement()) {
                    st.execute("ALTER TABLE workflow_events DETACH PARTITION workflow_events_2026_11 CONCURRENTLY");
                } catch (Exception expected) {
                    // cancelled below
                }
            });
            await("the detach waits for the reader").atMost(Duration.ofSeconds(10)).until(() -> count(db,
                    "SELECT count(*) FROM pg_stat_activity WHERE pid = " + detacherPid + " AND wait_event_type = 'Lock'") == 1);
            execute(db, "SELECT pg_cancel_backend(" + detacherPid + ")");
            detach.get();
            reader.commit();
        }
        assertThat(snapshot("workflow_events", "occurred_at").partitions()).filteredOn(ObservedPartition::detachPending)
                .extracting(ObservedPartition::name).containsExactly(NOV.partition());

        ExecutionReport report = run("workflow_events", "occurred_at", List.of(new FinalizeDetach(NOV.partition())));

        assertThat(report.failure()).isNull();
        assertThat(report.detached()).isEqualTo(1);
        assertThat(report.executed()).containsExactly("ALTER TABLE \"public\".\"workflow_events\" DETACH PARTITION"
                + " \"public\".\"workflow_events_2026_11\" FINALIZE");
        assertThat(snapshot("workflow_events", "occurred_at").partitions()).extracting(ObservedPartition::name)
                .containsExactly(DEC.partition());
    }

    @Test
    void aLongTransactionMakesTheStepFailFastAndTheSameActionsSucceedAfterIt() throws Exception {
        try (Connection holder = db.getConnection(); Connection c = db.getConnection()) {
            holder.setAutoCommit(false);
            try (Statement st = holder.createStatement()) {
                st.execute("LOCK TABLE workflow_events IN ACCESS SHARE MODE");
            }
            long started = System.nanoTime();
            ExecutionReport blocked = PartitionExecutor.run(c, "workflow_events", "occurred_at", List.of(NOV, DEC), SHORT);

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            assertThat(blocked.failure()).contains("lock timeout").contains(NOV.partition());
            assertThat(blocked.created()).isZero();
            assertThat(blocked.executed()).isEmpty();
            assertThat(show(c, "lock_timeout")).as("the session's lock_timeout is restored").isEqualTo("0");
            holder.commit();
        }

        ExecutionReport after = run("workflow_events", "occurred_at", List.of(NOV, DEC));

        assertThat(after.failure()).isNull();
        assertThat(after.created()).isEqualTo(2);
    }

    @Test
    void aStepWhoseLockIsTakenForAMomentIsTriedAgainAndCommitsOnce() throws Exception {
        try (Connection holder = db.getConnection(); Connection c = db.getConnection()) {
            holder.setAutoCommit(false);
            try (Statement st = holder.createStatement()) {
                st.execute("LOCK TABLE workflow_events_default IN ACCESS SHARE MODE");
            }
            CompletableFuture<Void> release = CompletableFuture.runAsync(() -> {
                try {
                    Thread.sleep(700);
                    holder.commit();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });

            ExecutionReport report = PartitionExecutor.run(c, "workflow_events", "occurred_at", List.of(NOV),
                    Duration.ofSeconds(5));

            release.get();
            assertThat(report.failure()).isNull();
            assertThat(report.created()).isEqualTo(1);
            assertThat(report.executed()).as("only the attempt that committed").filteredOn(sql -> sql.contains("ATTACH"))
                    .hasSize(1);
        }
    }

    @Test
    void rowsWithAGeneratedColumnMoveAndTheColumnIsComputedAgain() throws Exception {
        execute(db, "CREATE TABLE readings (id bigint NOT NULL, at timestamptz NOT NULL,"
                + " day date GENERATED ALWAYS AS ((at AT TIME ZONE 'UTC')::date) STORED, PRIMARY KEY (id, at))"
                + " PARTITION BY RANGE (at)",
                "CREATE TABLE readings_default PARTITION OF readings DEFAULT",
                "INSERT INTO readings (id, at) VALUES (1, '2026-11-03T10:00:00Z'), (2, '2025-01-01T00:00:00Z')");

        ExecutionReport report = run("readings", "at", List.of(month("readings_2026_11", "2026-11-01T00:00:00Z",
                "2026-12-01T00:00:00Z")));

        assertThat(report.failure()).isNull();
        assertThat(report.movedRows()).isEqualTo(1);
        assertThat(count(db, "SELECT count(*) FROM readings_2026_11 WHERE day = '2026-11-03'")).isEqualTo(1);
    }

    /** A plan run by hand in psql whose ATTACH failed leaves the standalone table behind. */
    @Test
    void anEmptyLeftoverOfThePartitionsNameIsReplacedAndOneWithRowsIsRefused() throws Exception {
        execute(db, "CREATE TABLE workflow_events_2026_11 (LIKE workflow_events)");
        execute(db, "CREATE TABLE workflow_events_2026_12 (LIKE workflow_events INCLUDING DEFAULTS)");
        execute(db, "INSERT INTO workflow_events_2026_12 (occurred_at, event_type, event_category, action)"
                + " VALUES ('2026-12-02T00:00:00Z', 'task', 'lifecycle', 'created')");

        ExecutionReport report = run("workflow_events", "occurred_at", List.of(NOV, DEC));

        assertThat(report.created()).isEqualTo(1);
        assertThat(report.executed()).startsWith("DROP TABLE \"public\".\"workflow_events_2026_11\"");
        assertThat(report.failure()).startsWith("CreateRangePartition workflow_events_2026_12: ")
                .contains("is not a partition of workflow_events and holds rows");
        assertThat(count(db, "SELECT count(*) FROM workflow_events_2026_12")).as("never dropped").isEqualTo(1);
        assertThat(snapshot("workflow_events", "occurred_at").partitions()).extracting(ObservedPartition::name)
                .containsExactly(NOV.partition(), "workflow_events_default");
    }

    @Test
    void aHashPartitionIsBuiltStandaloneAndAttachedWithTheParentsForeignKey() throws Exception {
        execute(db, "DROP TABLE task_executions_p3");

        ExecutionReport report = run("task_executions", "task_id", List.of(new CreateHashPartition("task_executions_p3", 4, 3)));

        assertThat(report.failure()).isNull();
        assertThat(report.executed()).containsExactly(
                "CREATE TABLE \"public\".\"task_executions_p3\" (LIKE \"public\".\"task_executions\""
                        + " INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING GENERATED INCLUDING INDEXES)",
                "ALTER TABLE \"public\".\"task_executions\" ATTACH PARTITION \"public\".\"task_executions_p3\""
                        + " FOR VALUES WITH (MODULUS 4, REMAINDER 3)");
        assertThat(snapshot("task_executions", "task_id").partitions()).extracting(ObservedPartition::remainder)
                .containsExactlyInAnyOrder(0, 1, 2, 3);
        assertThat(count(db, "SELECT count(*) FROM pg_constraint WHERE conrelid = 'task_executions_p3'::regclass"
                + " AND contype = 'f'")).isEqualTo(1);
    }

    @Test
    void theFirstFailureStopsTheRunAndCommittedStepsStay() throws Exception {
        ExecutionReport report = run("workflow_events", "occurred_at",
                List.of(NOV, new CreateDefaultPartition("workflow_events_default"), DEC));

        assertThat(report.created()).isEqualTo(1);
        assertThat(report.failure()).startsWith("CreateDefaultPartition workflow_events_default: ")
                .contains("already exists");
        assertThat(snapshot("workflow_events", "occurred_at").partitions()).extracting(ObservedPartition::name)
                .containsExactly(NOV.partition(), "workflow_events_default");
    }

    @Test
    void aFailedRetentionStepDoesNotStopThePremaking() throws Exception {
        ExecutionReport report = run("workflow_events", "occurred_at",
                List.of(new FinalizeDetach("workflow_events_1999_01"), NOV, DEC));

        assertThat(report.failure()).startsWith("FinalizeDetach workflow_events_1999_01: ");
        assertThat(report.created()).isEqualTo(2);
        assertThat(snapshot("workflow_events", "occurred_at").partitions()).extracting(ObservedPartition::name)
                .contains(NOV.partition(), DEC.partition());
    }

    @Test
    void anEmptyTableIsConvertedInPlaceAndKeepsItsShape() throws Exception {
        execute(db, "CREATE TABLE audit_log (id bigint NOT NULL, logged_at timestamptz NOT NULL DEFAULT now(),"
                + " note text, PRIMARY KEY (id, logged_at))");
        ExecutionReport report = run("audit_log", "logged_at", List.of(new ConvertEmptyTable("audit_log", "range"),
                new CreateDefaultPartition("audit_log_default")));

        assertThat(report.failure()).isNull();
        PartitionSnapshot after = snapshot("audit_log", "logged_at");
        assertThat(after.partitioned()).isTrue();
        assertThat(after.strategy()).isEqualTo("range");
        assertThat(after.keyColumns()).containsExactly("logged_at");
        execute(db, "INSERT INTO audit_log (id, note) VALUES (1, 'kept its default')");
    }

    @Test
    void aMissingTableIsCreatedPartitionedFromItsTemplate() throws Exception {
        execute(db, "CREATE TABLE audit_template (id bigint NOT NULL, logged_at timestamptz NOT NULL DEFAULT now(),"
                + " note text, PRIMARY KEY (id, logged_at))");
        ExecutionReport report = run("audit_events", "logged_at", List.of(
                new CreateParentFromTemplate("audit_events", "audit_template", "range"),
                new CreateDefaultPartition("audit_events_default")));

        assertThat(report.failure()).isNull();
        assertThat(snapshot("audit_events", "logged_at").keyColumns()).containsExactly("logged_at");
        execute(db, "INSERT INTO audit_events (id, note) VALUES (1, 'defaults came along')");
    }

    @Test
    void aTemplateWhosePrimaryKeyLacksThePartitionKeyIsRefused() throws Exception {
        execute(db, "CREATE TABLE bad_template (id bigint PRIMARY KEY, logged_at timestamptz NOT NULL)");
        ExecutionReport report = run("bad_events", "logged_at", List.of(
                new CreateParentFromTemplate("bad_events", "bad_template", "range")));

        assertThat(report.failure()).contains("primary key of bad_template (id) does not contain the partition key");
        assertThat(snapshot("bad_events", "logged_at").tableExists()).isFalse();
    }

    @Test
    void aMissingTemplateIsNamed() throws Exception {
        ExecutionReport report = run("audit_events", "logged_at", List.of(
                new CreateParentFromTemplate("audit_events", "it's_missing", "range")));

        assertThat(report.failure()).contains("template table it's_missing does not exist");
        assertThat(snapshot("audit_events", "logged_at").tableExists()).isFalse();
    }

    @Test
    void conversionIsRefusedWhenThePrimaryKeyLacksThePartitionKey() throws Exception {
        execute(db, "CREATE TABLE audit_plain (id bigint PRIMARY KEY, logged_at timestamptz NOT NULL)");
        ExecutionReport report = run("audit_plain", "logged_at", List.of(new ConvertEmptyTable("audit_plain", "range")));

        assertThat(report.failure()).contains("primary key of audit_plain (id) does not contain the partition key logged_at");
        assertThat(snapshot("audit_plain", "logged_at").partitioned()).as("nothing changed").isFalse();
        assertThat(report.executed()).isEmpty();
    }

    @Test
    void aSecondExecutorOnTheSameTableDoesNothingWhileTheFirstRuns() throws Exception {
        try (Connection holder = db.getConnection(); Connection first = db.getConnection();
                Connection second = db.getConnection()) {
            holder.setAutoCommit(false);
            try (Statement st = holder.createStatement()) {
                st.execute("LOCK TABLE workflow_events IN ACCESS SHARE MODE");
            }
            int firstPid = pid(first);
            CompletableFuture<ExecutionReport> firstRun = CompletableFuture.supplyAsync(() -> {
                try {
                    return PartitionExecutor.run(first, "workflow_events", "occurred_at", List.of(NOV),
                            Duration.ofSeconds(30));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            await("the first run is inside, waiting for its lock").atMost(Duration.ofSeconds(10)).until(() -> count(db,
                    "SELECT count(*) FROM pg_stat_activity WHERE pid = " + firstPid + " AND wait_event_type = 'Lock'") == 1);

            ExecutionReport secondRun = PartitionExecutor.run(second, "public.workflow_events", "occurred_at",
                    List.of(NOV, DEC), SHORT);

            assertThat(secondRun).isEqualTo(new ExecutionReport(0, 0, 0, 0, List.of(), "another run holds the lock"));
            holder.commit();
            assertThat(firstRun.get().failure()).isNull();
            assertThat(firstRun.get().created()).isEqualTo(1);
        }
        assertThat(snapshot("workflow_events", "occurred_at").partitions()).extracting(ObservedPartition::name)
                .containsExactly(NOV.partition(), "workflow_events_default");
    }

    private static int pid(Connection c) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static String show(Connection c, String setting) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
