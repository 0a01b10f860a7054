package io.workflowdb.operator.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.workflowdb.operator.api.v1alpha1.IndexColumn;
import io.workflowdb.operator.api.v1alpha1.IndexSpec;
import io.workflowdb.operator.api.v1alpha1.MaterializedViewSpec;
import io.workflowdb.operator.api.v1alpha1.RollingWindow;
import io.workflowdb.operator.api.v1alpha1.SchemaStatus.MaterializedViewStatus;
import io.workflowdb.operator.schema.index.IndexReport;
import io.workflowdb.operator.schema.index.Indexes;
import io.workflowdb.operator.schema.migration.MigrationOutcome;
import io.workflowdb.operator.schema.migration.Migrations;
import io.workflowdb.operator.schema.view.MaterializedViews;
import io.workflowdb.operator.testing.LockProbe;
import io.workflowdb.operator.testing.Sql;
import io.workflowdb.operator.testing.TestPostgres;

/**
 * The last steps of an index rebuild and of a materialized-view swap need ACCESS EXCLUSIVE on what
 * the application reads. With a reader holding a transaction open for 30 s, short readers and a
 * writer committing throughout, neither the writer nor a short reader waits a second: the old
 * index or the new view waits for a later pass instead, which completes the work once the reader
 * is gone. Both scenarios run side by side, each on its own database.
 */
class SchemaLocksTest {

    private static final Duration READER_HOLDS = Duration.ofSeconds(30);
    private static final Duration LIMIT = Duration.ofSeconds(1);

    private static final Instant BUILT = Instant.parse("2026-11-15T10:00:00Z");
    /** After the 03:00 rebuild schedule fired. */
    private static final Instant REBUILD = Instant.parse("2026-11-16T03:00:30Z");
    private static final String INDEX = "idx_events_recent";
    private static final String VIEW = "daily_events";
    private static final String VIEW_QUERY = "SELECT date_trunc('day', occurred_at) AS day, count(*) AS events"
            + " FROM workflow_events GROUP BY 1";
    private static final String CHANGED_VIEW_QUERY = "SELECT date_trunc('day', occurred_at) AS day, count(*) AS events,"
            + " count(DISTINCT project_id) AS projects FROM workflow_events GROUP BY 1";
    private static final String WRITE = "INSERT INTO workflow_events (occurred_at, event_type, event_category, action)"
            + " VALUES ('2026-11-15T12:00:00Z', 'task', 'lifecycle', 'created')";

    private static ExecutorService pool;
    private static CompletableFuture<IndexScenario> indexRebuild;
    private static CompletableFuture<ViewScenario> viewSwap;

    record IndexScenario(LockProbe.Client writer, LockProbe.Client readers, IndexReport underReader,
            boolean readerOpenAfterRebuild, IndexReport afterReader, List<String> indexesLeft) {
    }

    record ViewScenario(LockProbe.Client writer, LockProbe.Client readers, MaterializedViewStatus underReader,
            MaterializedViewStatus afterReader, List<String> columns) {
    }

    @BeforeAll
    static void runScenariosSideBySide() {
        pool = Executors.newFixedThreadPool(2);
        indexRebuild = CompletableFuture.supplyAsync(SchemaLocksTest::indexRebuild, pool);
        viewSwap = CompletableFuture.supplyAsync(SchemaLocksTest::viewSwap, pool);
    }

    @AfterAll
    static void stopPool() {
        pool.shutdownNow();
    }

    @Test
    void aPartitionedIndexRebuildLeavesTheOldIndexForALaterPassRatherThanQueueBehindTheReader() throws Exception {
        IndexScenario s = indexRebuild.get(3, TimeUnit.MINUTES);

        assertApplicationNeverWaitedASecond(s.writer(), s.readers());
        assertThat(s.readerOpenAfterRebuild()).isTrue();
        assertThat(s.underReader().ready()).as("the rebuilt index serves under its name: " + s.underReader()).isEqualTo(1);
        assertThat(s.underReader().failures()).singleElement().satisfies(f -> {
            assertThat(f.index()).isEqualTo(INDEX + "_wfdb_old");
            assertThat(f.message()).contains("lock timeout").contains("a later pass drops it");
        });
        assertThat(s.afterReader().failures()).isEmpty();
        assertThat(s.afterReader().executed()).containsExactly("DROP INDEX \"public\".\"" + INDEX + "_wfdb_old\"");
        assertThat(s.indexesLeft()).containsExactly(INDEX);
    }

    @Test
    void aViewSwapTheReaderHoldsUpFailsForThisPassAndTheNextSwapsTheBuiltView() throws Exception {
        ViewScenario s = viewSwap.get(3, TimeUnit.MINUTES);

        assertApplicationNeverWaitedASecond(s.writer(), s.readers());
        assertThat(s.underReader().error).contains("lock timeout");
        assertThat(s.afterReader().error).isNull();
        assertThat(s.columns()).containsExactly("day", "events", "projects");
    }

    private static void assertApplicationNeverWaitedASecond(LockProbe.Client writer, LockProbe.Client readers) {
        System.out.println(writer + "; " + readers);
        assertThat(writer.failures()).as("failed writer transactions").isEmpty();
        assertThat(readers.failures()).as("failed short reads").isEmpty();
        assertThat(writer.slowest()).as("slowest writer commit: " + writer).isLessThan(LIMIT);
        assertThat(readers.slowest()).as("slowest short read: " + readers).isLessThan(LIMIT);
        assertThat(writer.completed()).as("the writer committed throughout").isGreaterThan(100);
        assertThat(readers.completed()).as("the readers read throughout").isGreaterThan(100);
    }

    /** A rolling-window index on the partitioned workflow_events, built, then rebuilt when its schedule fires. */
    private static IndexScenario indexRebuild() {
        try {
            DataSource db = workflowSchema("locks_index");
            List<IndexSpec> specs = List.of(rollingWindowIndex());
            try (Connection c = db.getConnection()) {
                IndexReport built = Indexes.reconcile(c, specs, at(BUILT));
                assertThat(built.failures()).isEmpty();
                // without a snapshot the reader lets the concurrent builds through, and only the final step meets it
                try (LockProbe probe = LockProbe.on(db).longReader("SELECT count(*) FROM workflow_events", READER_HOLDS)
                        .withoutSnapshot()
                        .shortReads("SELECT count(*) FROM workflow_events WHERE event_type = 'task'",
                                "SELECT count(*) FROM workflow_events WHERE occurred_at >= '2026-11-10T00:00:00Z'")
                        .writes(WRITE).start()) {
                    IndexReport underReader = Indexes.reconcile(c, specs, at(REBUILD));
                    boolean readerOpen = probe.longReaderOpen();
                    probe.awaitLongReaderEnd(READER_HOLDS.plusSeconds(30));
                    IndexReport afterReader = Indexes.reconcile(c, specs, at(REBUILD));
                    Thread.sleep(1000);
                    return new IndexScenario(probe.writer(), probe.readers(), underReader, readerOpen, afterReader,
                            Sql.strings(db, "SELECT indexname FROM pg_indexes WHERE tablename = 'workflow_events'"
                                    + " AND indexname LIKE '" + INDEX + "%'"));
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A materialized view over workflow_events whose definition changes while a reader holds it. */
    private static ViewScenario viewSwap() {
        try {
            DataSource db = workflowSchema("locks_view");
            try (Connection c = db.getConnection()) {
                List<MaterializedViewStatus> statuses = MaterializedViews.reconcile(c, List.of(view(VIEW_QUERY)), List.of(),
                        at(BUILT));
                assertThat(statuses.get(0).error).isNull();
                List<MaterializedViewSpec> changed = List.of(view(CHANGED_VIEW_QUERY));
                try (LockProbe probe = LockProbe.on(db).longReader("SELECT count(*) FROM " + VIEW, READER_HOLDS)
                        .shortReads("SELECT * FROM " + VIEW + " ORDER BY day DESC LIMIT 3", "SELECT sum(events) FROM " + VIEW)
                        .writes(WRITE).start()) {
                    statuses = MaterializedViews.reconcile(c, changed, statuses, at(BUILT.plusSeconds(60)));
                    MaterializedViewStatus underReader = statuses.get(0);
                    probe.awaitLongReaderEnd(READER_HOLDS.plusSeconds(30));
                    statuses = MaterializedViews.reconcile(c, changed, statuses, at(BUILT.plusSeconds(120)));
                    Thread.sleep(1000);
                    return new ViewScenario(probe.writer(), probe.readers(), underReader, statuses.get(0),
                            Sql.strings(db, "SELECT attname FROM pg_attribute WHERE attrelid = '" + VIEW + "'::regclass"
                                    + " AND attnum > 0 ORDER BY attnum"));
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The built-in schema, workflow_events with three month partitions besides the default, and rows in them. */
    private static DataSource workflowSchema(String prefix) {
        DataSource db = TestPostgres.freshDatabase(prefix);
        MigrationOutcome outcome = Migrations.migrate(db, true, List.of());
        if (outcome.failure() != null) {
            throw new IllegalStateException(String.valueOf(outcome.failure()));
        }
        Sql.execute(db,
                "CREATE TABLE workflow_events_p2026_09 PARTITION OF workflow_events FOR VALUES FROM ('2026-09-01') TO ('2026-10-01')",
                "CREATE TABLE workflow_events_p2026_10 PARTITION OF workflow_events FOR VALUES FROM ('2026-10-01') TO ('2026-11-01')",
                "CREATE TABLE workflow_events_p2026_11 PARTITION OF workflow_events FOR VALUES FROM ('2026-11-01') TO ('2026-12-01')",
                "INSERT INTO workflow_events (occurred_at, event_type, event_category, action, project_id)"
                        + " SELECT timestamptz '2026-09-01' + g * interval '1 hour', 'task', 'lifecycle', 'created', g % 7"
                        + " FROM generate_series(0, 24 * 85) g");
        return db;
    }

    private static IndexSpec rollingWindowIndex() {
        IndexColumn type = new IndexColumn();
        type.column = "event_type";
        RollingWindow window = new RollingWindow();
        window.column = "occurred_at";
        window.keep = "7d";
        window.rebuildSchedule = "0 3 * * *";
        IndexSpec spec = new IndexSpec();
        spec.name = INDEX;
        spec.table = "workflow_events";
        spec.columns = List.of(type);
        spec.rollingWindow = window;
        return spec;
    }

    private static MaterializedViewSpec view(String query) {
        MaterializedViewSpec spec = new MaterializedViewSpec();
        spec.name = VIEW;
        spec.query = query;
        spec.uniqueKey = List.of("day");
        return spec;
    }

    private static Clock at(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }
}
