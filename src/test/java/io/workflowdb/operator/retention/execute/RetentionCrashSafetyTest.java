package io.workflowdb.operator.retention.execute;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.workflowdb.operator.api.v1alpha1.RetentionPolicyReason;
import io.workflowdb.operator.api.v1alpha1.RetentionPolicySpec;
import io.workflowdb.operator.retention.execute.RetentionExecutor.End;
import io.workflowdb.operator.retention.execute.RetentionExecutor.Slice;

import static io.workflowdb.operator.retention.execute.RetentionDatabases.count;
import static io.workflowdb.operator.retention.execute.RetentionDatabases.insertTasks;
import static io.workflowdb.operator.retention.execute.RetentionDatabases.seedArchival;
import static io.workflowdb.operator.testing.Sql.execute;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The retention run under the failures and the company it meets in production: its backend
 * killed at random moments, and writers inserting and updating the table while it works. After
 * every event the table and the archive together hold every row exactly once.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RetentionCrashSafetyTest {

    private static final String DUE = "status = 'completed' AND completed_at < now() - interval '90 days'";

    private DataSource db;
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @BeforeEach
    void freshDatabase() {
        db = RetentionDatabases.freshWorkflowSchema("retention_crash");
    }

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void killedBackendsNeverLoseOrDuplicateARowAndTheRunResumes() throws Exception {
        insertTasks(db, 20_000, "completed", 120);
        insertTasks(db, 2_000, "completed", 10);
        insertTasks(db, 1_000, "failed", 120);
        long total = 23_000;
        // Every batch's statement takes at least 20 ms, so that a kill usually lands inside one.
        execute(db, "CREATE FUNCTION slow_batch() RETURNS trigger LANGUAGE plpgsql AS"
                + " $$ BEGIN PERFORM pg_sleep(0.02); RETURN NULL; END $$",
                "CREATE TRIGGER slow_archive AFTER INSERT ON tasks_archive FOR EACH STATEMENT EXECUTE FUNCTION slow_batch()");
        RetentionPolicySpec spec = seedArchival();
        spec.batchSize = 200;
        Random random = new Random(20261124);
        int kills = 0;
        int killedMidStatement = 0;
        long counted = 0;
        boolean done = false;

        try (Connection killer = db.getConnection()) {
            killer.setAutoCommit(true);
            for (int attempt = 0; attempt < 200 && !done; attempt++) {
                int batchesBeforeKill = 1 + random.nextInt(4);
                long delayMicros = random.nextInt(20_000);
                CountDownLatch reached = new CountDownLatch(1);
                Connection victim = db.getConnection();
                victim.setAutoCommit(true);
                int pid = backendPid(victim);
                Future<Slice> run = threads.submit(() -> {
                    try (victim) {
                        return runUntilKilled(victim, spec, batchesBeforeKill, reached);
                    } finally {
                        reached.countDown();
                    }
                });
                boolean killNow = reached.await(30, TimeUnit.SECONDS);
                if (killNow) {
                    TimeUnit.MICROSECONDS.sleep(delayMicros);
                    killedMidStatement += "active".equals(state(killer, pid)) ? 1 : 0;
                    terminate(killer, pid);
                }
                try {
                    Slice slice = run.get(60, TimeUnit.SECONDS);
                    counted += slice.rows();
                    if (slice.end() == End.INTERRUPTED) {
                        // killed mid-batch: the batches committed before count, for the caller to resume
                        assertThat(slice.problem().reason()).isEqualTo(io.workflowdb.operator.api.v1alpha1.RetentionPolicyReason.Interrupted);
                        kills++;
                    } else {
                        assertThat(slice.end()).isEqualTo(End.DONE);
                        done = true;
                    }
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).as("killed outside a batch, the run throws for the caller to resume")
                            .isInstanceOf(SQLException.class);
                    kills++;
                }
                assertEveryRowOnce(total);
            }
        }

        assertThat(done).isTrue();
        assertThat(kills).as("runs killed").isGreaterThanOrEqualTo(15);
        assertThat(killedMidStatement).as("kills that hit a statement in flight").isGreaterThanOrEqualTo(5);
        assertThat(count(db, "SELECT count(*) FROM tasks_archive")).isEqualTo(20_000);
        assertThat(count(db, "SELECT count(*) FROM tasks")).isEqualTo(3_000);
        assertThat(count(db, "SELECT count(*) FROM tasks WHERE " + DUE)).isZero();
        // every committed batch is counted, except one whose commit a kill cut off
        assertThat(counted).isLessThanOrEqualTo(20_000).isGreaterThanOrEqualTo(20_000L - (long) kills * spec.batchSize);
    }

    @Test
    void concurrentInsertsAndUpdatesAreNeitherLostNorArchivedAgainstTheirNewState() throws Exception {
        insertTasks(db, 10_000, "completed", 120);
        execute(db, "INSERT INTO tasks (project_id, title, status, completed_at)"
                + " SELECT 1, 'old-failed', 'failed', now() - interval '120 days' FROM generate_series(1, 1000)");
        long initial = 11_000;
        RetentionPolicySpec spec = seedArchival();
        spec.batchSize = 50;
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong inserted = new AtomicLong();
        Set<Long> flippedToFailed = ConcurrentHashMap.newKeySet();
        AtomicLong flippedToCompleted = new AtomicLong();

        Future<?> inserter = threads.submit(() -> {
            while (writing.get()) {
                execute(db, "INSERT INTO tasks (project_id, title, status, completed_at) SELECT 1, 'new', 'completed',"
                        + " now() - make_interval(days => CASE WHEN g % 2 = 0 THEN 120 ELSE 5 END) FROM generate_series(1, 10) g");
                inserted.addAndGet(10);
            }
            return null;
        });
        Future<?> updater = threads.submit(() -> {
            try (Connection c = db.getConnection()) {
                c.setAutoCommit(true);
                while (writing.get()) {
                    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("UPDATE tasks SET status = 'failed',"
                            + " assigned_agent = 'reassigned' WHERE id IN (SELECT id FROM tasks WHERE status = 'completed'"
                            + " AND title <> 'old-failed' ORDER BY random() LIMIT 3) RETURNING id")) {
                        while (rs.next()) {
                            flippedToFailed.add(rs.getLong(1));
                        }
                    }
                    try (Statement st = c.createStatement()) {
                        flippedToCompleted.addAndGet(st.executeUpdate("UPDATE tasks SET status = 'completed' WHERE id IN"
                                + " (SELECT id FROM tasks WHERE title = 'old-failed' AND status = 'failed' ORDER BY random() LIMIT 2)"));
                    }
                }
            }
            return null;
        });

        Slice slice;
        try (Connection c = db.getConnection()) {
            // both writers are at work before the run starts, however slow the machine
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> inserted.get() > 0 && !flippedToFailed.isEmpty() && flippedToCompleted.get() > 0);
            c.setAutoCommit(true);
            Instant cutoff = RetentionExecutor.cutoff(Instant.now(), Duration.ofDays(90));
            slice = RetentionExecutor.run(c, spec, cutoff, Instant.now().plusSeconds(120), Clock.systemUTC(), 0,
                    RetentionExecutor.Progress.NONE);
        } finally {
            writing.set(false);
        }
        inserter.get(30, TimeUnit.SECONDS);
        updater.get(30, TimeUnit.SECONDS);

        assertThat(slice.end()).isEqualTo(End.DONE);
        assertThat(inserted.get()).as("writers were busy during the run").isPositive();
        assertThat(flippedToFailed).isNotEmpty();
        assertThat(flippedToCompleted.get()).isPositive();
        assertEveryRowOnce(initial + inserted.get());
        assertThat(slice.rows()).isEqualTo(count(db, "SELECT count(*) FROM tasks_archive"));
        assertThat(count(db, "SELECT count(*) FROM tasks_archive WHERE status <> 'completed' OR assigned_agent = 'reassigned'"))
                .as("a row updated out of the filter is never archived").isZero();
        List<Long> flipped = new ArrayList<>(flippedToFailed);
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM tasks WHERE id = ANY (?) AND status = 'failed'")) {
            ps.setArray(1, c.createArrayOf("bigint", flipped.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getLong(1)).as("every row flipped to failed is still in the table").isEqualTo(flipped.size());
            }
        }
        // Rows that became due during the run after it passed their key wait for the next run; none is lost.
        long left = count(db, "SELECT count(*) FROM tasks WHERE " + DUE);
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(true);
            Slice next = RetentionExecutor.run(c, spec, RetentionExecutor.cutoff(Instant.now(), Duration.ofDays(90)),
                    Instant.now().plusSeconds(60), Clock.systemUTC(), 0, RetentionExecutor.Progress.NONE);
            assertThat(next.rows()).isEqualTo(left);
        }
        assertThat(count(db, "SELECT count(*) FROM tasks WHERE " + DUE)).isZero();
        assertEveryRowOnce(initial + inserted.get());
    }

    @Test
    void aRowLockedByAnotherTransactionIsSkippedNotWaitedFor() throws Exception {
        insertTasks(db, 500, "completed", 120);
        RetentionPolicySpec spec = seedArchival();
        try (Connection holder = db.getConnection()) {
            holder.setAutoCommit(false);
            try (Statement st = holder.createStatement()) {
                st.executeQuery("SELECT id FROM tasks WHERE id = 250 FOR UPDATE").close();
            }
            Slice slice = runOnce(spec);
            assertThat(slice.end()).isEqualTo(End.DONE);
            assertThat(slice.rows()).isEqualTo(499);
            assertThat(count(db, "SELECT count(*) FROM tasks WHERE id = 250")).isEqualTo(1);
            holder.commit();
        }
        assertThat(runOnce(spec).rows()).isEqualTo(1);
        assertThat(count(db, "SELECT count(*) FROM tasks")).isZero();
        assertEveryRowOnce(500);
    }

    /** A run that counts {@code reached} down after its n-th batch, when the test kills it. */
    private static Slice runUntilKilled(Connection victim, RetentionPolicySpec spec, int batchesBeforeKill,
            CountDownLatch reached) throws SQLException {
        Instant cutoff = RetentionExecutor.cutoff(Instant.now(), Duration.ofDays(90));
        return RetentionExecutor.run(victim, spec, cutoff, Instant.now().plusSeconds(60), Clock.systemUTC(), 0,
                (batch, rows, runRows, took) -> {
                    if (batch == batchesBeforeKill) {
                        reached.countDown();
                    }
                });
    }

    private Slice runOnce(RetentionPolicySpec spec) throws SQLException {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(true);
            return RetentionExecutor.run(c, spec, RetentionExecutor.cutoff(Instant.now(), Duration.ofDays(90)),
                    Instant.now().plusSeconds(60), Clock.systemUTC(), 0, RetentionExecutor.Progress.NONE);
        }
    }

    /** count(source) + count(archive) is every row ever inserted, and no id is in both or twice. */
    private void assertEveryRowOnce(long total) {
        assertThat(count(db, "SELECT count(*) FROM tasks") + count(db, "SELECT count(*) FROM tasks_archive")).isEqualTo(total);
        assertThat(count(db, "SELECT count(*) FROM tasks t JOIN tasks_archive a ON a.id = t.id")).isZero();
        assertThat(count(db, "SELECT count(*) - count(DISTINCT id) FROM tasks_archive")).isZero();
        assertThat(count(db, "SELECT count(*) FROM tasks_archive WHERE NOT (" + DUE + ")")).isZero();
    }

    private static int backendPid(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static String state(Connection c, int pid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT state FROM pg_stat_activity WHERE pid = ?")) {
            ps.setInt(1, pid);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static void terminate(Connection c, int pid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_terminate_backend(?)")) {
            ps.setInt(1, pid);
            ps.execute();
        }
    }
}
