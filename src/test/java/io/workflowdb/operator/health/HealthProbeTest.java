package io.workflowdb.operator.health;

import static io.workflowdb.operator.testing.Sql.execute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.workflowdb.operator.api.v1alpha1.HealthStatus.Level;
import io.workflowdb.operator.testing.TestPostgres;

/**
 * The probe against the embedded PostgreSQL 17: each check is prepared for real (an open
 * transaction, slow statements, an invalid index, dead tuples, a waiting lock, busy sessions) and
 * its figure checked, then the same sample is judged on both sides of its threshold. Some figures
 * are server-wide (sessions, locks, open transactions), so those are asserted as lower bounds.
 */
class HealthProbeTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC);
    static final Duration PATIENCE = Duration.ofSeconds(15);

    DataSource db;
    final List<Connection> opened = new ArrayList<>();
    final ExecutorService threads = Executors.newCachedThreadPool();

    @BeforeEach
    void database() {
        db = TestPostgres.freshDatabase("health_probe");
    }

    @AfterEach
    void close() throws Exception {
        for (Connection c : opened) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // already broken by the test
            }
        }
        threads.shutdownNow();
        threads.awaitTermination(10, TimeUnit.SECONDS);
    }

    @Test
    void aFreshDatabaseGivesEveryCheckWithoutErrors() throws Exception {
        HealthSample s = sample();
        HealthReport report = HealthEvaluator.evaluate(s, HealthThresholds.DEFAULTS);

        assertThat(s.takenAt()).isEqualTo(CLOCK.instant());
        assertThat(s.databaseTime()).isPositive().isLessThan(Duration.ofSeconds(2));
        assertThat(report.checks()).extracting(HealthCheck::name).containsExactly("active_connections", "database_size_mb",
                "slow_queries", "cache_hit_ratio", "connection_usage_percent", "oldest_transaction_seconds",
                "xid_age_percent", "invalid_indexes", "dead_tuple_ratio_percent", "waiting_locks");
        assertThat(report.overall()).isNotEqualTo(Level.CRITICAL);
        assertThat(s.replicas()).isEmpty();
        assertThat(s.activeConnections()).as("the probe's own query is active").isPositive();
        assertThat(s.connections()).isPositive().isLessThanOrEqualTo(s.maxConnections());
        assertThat(s.maxConnections()).isEqualTo(query("SELECT current_setting('max_connections')::bigint"));
        assertThat(s.xidAge()).isPositive();
        assertThat(check(report, "xid_age_percent").value()).isLessThan(1.0);
        assertThat(check(report, "xid_age_percent").level()).isEqualTo(Level.OK);

        assertThat(s.invalidIndexes()).isZero();
        assertThat(check(report, "invalid_indexes").level()).isEqualTo(Level.OK);
        assertThat(s.worstDeadTable()).isNull();
        assertThat(check(report, "dead_tuple_ratio_percent")).satisfies(c -> {
            assertThat(c.shown()).isEqualTo("no table of 1000+ tuples");
            assertThat(c.level()).isEqualTo(Level.OK);
        });

        assertThat(s.slowQueries()).isNull();
        assertThat(check(report, "slow_queries")).satisfies(c -> {
            assertThat(c.level()).isEqualTo(Level.UNAVAILABLE);
            assertThat(c.value()).isNull();
            assertThat(c.shown()).isEqualTo("pg_stat_statements is not installed in this database");
        });
    }

    @Test
    void theSampleIsReadOnlyAndLeavesTheConnectionAsItFoundIt() throws Exception {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(true);
            HealthProbe.sample(c, HealthThresholds.DEFAULTS, CLOCK);
            assertThat(c.getAutoCommit()).isTrue();
            assertThat(c.isReadOnly()).isFalse();
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE after_sample (id int)");
                assertThat(show(st, "statement_timeout")).as("SET LOCAL ended with the sample").isEqualTo("0");
                assertThat(show(st, "transaction_read_only")).isEqualTo("off");
            }

            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("INSERT INTO after_sample VALUES (1)");
                c.commit();
            }
            HealthProbe.sample(c, HealthThresholds.DEFAULTS, CLOCK);
            assertThat(c.getAutoCommit()).isFalse();
            c.setAutoCommit(true);
        }
    }

    @Test
    void databaseSizeIsThePagesOfTheDatabaseInWholeMegabytes() throws Exception {
        HealthSample s = sample();
        long bytes = query("SELECT pg_database_size(current_database())");
        assertThat(s.databaseBytes()).isEqualTo(bytes);
        long mb = bytes / (1024 * 1024);
        assertThat(mb).as("an empty database is a few MB").isBetween(5L, 50L);

        HealthCheck at = check(HealthEvaluator.evaluate(s, Thresholds.with(t -> t.databaseSizeMB = mb)), "database_size_mb");
        assertThat(at.value()).isEqualTo((double) mb);
        assertThat(at.shown()).isEqualTo(Long.toString(mb));
        assertThat(at.threshold()).isEqualTo("> " + mb);
        assertThat(at.level()).isEqualTo(Level.OK);
        assertThat(check(HealthEvaluator.evaluate(s, Thresholds.with(t -> t.databaseSizeMB = mb - 1)), "database_size_mb")
                .level()).isEqualTo(Level.WARNING);
    }

    @Test
    void anIdleTransactionOfAnotherSessionIsTheOldestTransaction() throws Exception {
        Connection idle = open();
        idle.setAutoCommit(false);
        try (Statement st = idle.createStatement()) {
            st.execute("SELECT 1");
        }
        Thread.sleep(2_100);

        HealthSample s = sample();
        assertThat(s.oldestTransactionSeconds()).isGreaterThanOrEqualTo(2.0).isLessThan(600.0);
        HealthCheck warning = check(HealthEvaluator.evaluate(s, Thresholds.with(t -> t.oldestTransactionSeconds = 1)),
                "oldest_transaction_seconds");
        assertThat(warning.level()).isEqualTo(Level.WARNING);
        assertThat(warning.threshold()).isEqualTo("> 1");
        long seconds = Math.round(s.oldestTransactionSeconds());
        assertThat(warning.shown()).isEqualTo(Long.toString(seconds));
        assertThat(check(HealthEvaluator.evaluate(s, Thresholds.with(t -> t.oldestTransactionSeconds = (int) seconds)),
                "oldest_transaction_seconds").level()).isEqualTo(Level.OK);

        idle.rollback();
        HealthSample after = sample();
        assertThat(after.oldestTransactionSeconds() == null ? 0.0 : after.oldestTransactionSeconds())
                .as("the transaction ended").isLessThan(s.oldestTransactionSeconds());
    }

    @Test
    void slowStatementsOfThisDatabaseAreCountedFromPgStatStatements() throws Exception {
        execute(db, "CREATE EXTENSION pg_stat_statements");
        resetStatements(db);
        for (int i = 0; i < 3; i++) {
            execute(db, "SELECT pg_sleep(0.05)");
        }
        // slow statements of another database do not count here
        DataSource other = TestPostgres.freshDatabase("health_probe_other");
        execute(other, "CREATE EXTENSION pg_stat_statements");
        resetStatements(other);
        execute(other, "SELECT pg_sleep(0.05)", "SELECT pg_sleep(0.06)");

        HealthThresholds tenMs = Thresholds.with(t -> {
            t.slowQueryMeanMs = 10;
            t.slowQueries = 0;
        });
        HealthSample s = sample(tenMs);
        assertThat(s.slowQueriesUnavailable()).isNull();
        assertThat(s.slowQueries()).as("SELECT pg_sleep($1), one normalized statement").isEqualTo(1);
        HealthReport report = HealthEvaluator.evaluate(s, tenMs);
        assertThat(check(report, "slow_queries")).satisfies(c -> {
            assertThat(c.level()).isEqualTo(Level.WARNING);
            assertThat(c.shown()).isEqualTo("1");
            assertThat(c.threshold()).isEqualTo("> 0");
        });
        assertThat(check(HealthEvaluator.evaluate(s, Thresholds.with(t -> t.slowQueries = 1)), "slow_queries").level())
                .isEqualTo(Level.OK);

        HealthSample slowerThanASecond = sample(Thresholds.with(t -> t.slowQueryMeanMs = 1000));
        assertThat(slowerThanASecond.slowQueries()).isZero();
    }

    @Test
    void anIndexLeftInvalidByAFailedConcurrentBuildIsCounted() throws Exception {
        execute(db, "CREATE TABLE duplicated (v int)", "INSERT INTO duplicated VALUES (1), (1), (2)");
        assertThatThrownBy(() -> execute(db, "CREATE UNIQUE INDEX CONCURRENTLY duplicated_v ON duplicated (v)"))
                .hasMessageContaining("could not create unique index");
        assertThat(query("SELECT count(*) FROM pg_index WHERE NOT indisvalid")).isEqualTo(1);

        HealthReport report = HealthEvaluator.evaluate(sample(), HealthThresholds.DEFAULTS);
        assertThat(check(report, "invalid_indexes")).satisfies(c -> {
            assertThat(c.value()).isEqualTo(1.0);
            assertThat(c.threshold()).isEqualTo("> 0");
            assertThat(c.level()).isEqualTo(Level.WARNING);
        });
        assertThat(report.problems()).contains("invalid_indexes WARNING (1, threshold > 0)");

        execute(db, "DROP INDEX duplicated_v");
        assertThat(check(HealthEvaluator.evaluate(sample(), HealthThresholds.DEFAULTS), "invalid_indexes").level())
                .isEqualTo(Level.OK);
    }

    @Test
    void deadTuplesOfATableWithoutAutovacuumGiveItsRatio() throws Exception {
        execute(db, "CREATE TABLE dead_rows (id int) WITH (autovacuum_enabled = false)",
                "INSERT INTO dead_rows SELECT g FROM generate_series(1, 2000) g",
                "DELETE FROM dead_rows WHERE id % 2 = 0",
                // a small table with a worse ratio is left out
                "CREATE TABLE few_rows (id int) WITH (autovacuum_enabled = false)",
                "INSERT INTO few_rows SELECT g FROM generate_series(1, 100) g",
                "DELETE FROM few_rows WHERE id > 1",
                "SELECT pg_stat_force_next_flush()");

        HealthSample s = sampleUntil(x -> x.worstDeadTable() != null);
        assertThat(s.worstDeadTable()).isEqualTo("public.dead_rows");
        assertThat(s.worstDeadRatioPercent()).isCloseTo(50.0, within(1e-9));
        HealthCheck warning = check(HealthEvaluator.evaluate(s, Thresholds.with(t -> t.deadTupleRatioPercent = 20)),
                "dead_tuple_ratio_percent");
        assertThat(warning.level()).isEqualTo(Level.WARNING);
        assertThat(warning.shown()).isEqualTo("50.0 (public.dead_rows)");
        assertThat(warning.threshold()).isEqualTo("> 20");
        assertThat(check(HealthEvaluator.evaluate(s, Thresholds.with(t -> t.deadTupleRatioPercent = 50)),
                "dead_tuple_ratio_percent").level()).isEqualTo(Level.OK);

        execute(db, "VACUUM dead_rows", "SELECT pg_stat_force_next_flush()");
        HealthSample vacuumed = sampleUntil(x -> x.worstDeadTable() == null || x.worstDeadRatioPercent() < 50.0);
        assertThat(vacuumed.worstDeadRatioPercent() == null ? 0.0 : vacuumed.worstDeadRatioPercent()).isZero();
    }

    @Test
    void aQueryWaitingForALockIsCounted() throws Exception {
        execute(db, "CREATE TABLE locked (id int)");
        Connection holder = open();
        holder.setAutoCommit(false);
        try (Statement st = holder.createStatement()) {
            st.execute("LOCK TABLE locked IN ACCESS EXCLUSIVE MODE");
        }
        Connection waiter = open();
        Future<?> blocked = threads.submit(() -> {
            try (Statement st = waiter.createStatement()) {
                st.executeQuery("SELECT * FROM locked").close();
            }
            return null;
        });

        HealthSample s = sampleUntil(x -> x.waitingLocks() >= 1);
        HealthCheck warning = check(HealthEvaluator.evaluate(s, Thresholds.with(t -> t.waitingLocks = 0)), "waiting_locks");
        assertThat(warning.level()).isEqualTo(Level.WARNING);
        assertThat(warning.threshold()).isEqualTo("> 0");
        assertThat(check(HealthEvaluator.evaluate(s, Thresholds.with(t -> t.waitingLocks = (int) s.waitingLocks())),
                "waiting_locks").level()).isEqualTo(Level.OK);
        assertThat(blocked).isNotDone();

        holder.rollback();
        blocked.get(10, TimeUnit.SECONDS);
    }

    @Test
    void busySessionsAreActiveConnectionsAndUseConnections() throws Exception {
        int busy = 3;
        List<Statement> sleeping = new ArrayList<>();
        List<Future<?>> sleepers = new ArrayList<>();
        for (int i = 0; i < busy; i++) {
            Statement st = open().createStatement();
            sleeping.add(st);
            sleepers.add(threads.submit(() -> st.execute("SELECT pg_sleep(30)")));
        }
        try {
            HealthSample s = sampleUntil(x -> x.activeConnections() >= busy + 1);
            assertThat(s.connections()).isGreaterThanOrEqualTo(busy + 1);

            long active = s.activeConnections();
            HealthCheck at = check(HealthEvaluator.evaluate(s, Thresholds.with(t -> t.activeConnections = (int) active)),
                    "active_connections");
            assertThat(at.level()).isEqualTo(Level.OK);
            assertThat(at.value()).isEqualTo((double) active);
            assertThat(check(HealthEvaluator.evaluate(s, Thresholds.with(t -> t.activeConnections = (int) active - 1)),
                    "active_connections").level()).isEqualTo(Level.WARNING);

            double usage = 100.0 * s.connections() / s.maxConnections();
            int floor = (int) Math.floor(usage);
            HealthCheck reached = check(HealthEvaluator.evaluate(s, Thresholds.with(t -> t.connectionUsagePercent = Math.max(1, floor))),
                    "connection_usage_percent");
            assertThat(reached.value()).isCloseTo(usage, within(1e-9));
            assertThat(reached.shown()).isEqualTo(HealthEvaluator.format(usage));
            assertThat(reached.level()).as("%.2f %% of max_connections reaches %d", usage, floor).isEqualTo(Level.WARNING);
            assertThat(check(HealthEvaluator.evaluate(s, Thresholds.with(t -> t.connectionUsagePercent = floor + 1)),
                    "connection_usage_percent").level()).isEqualTo(Level.OK);
        } finally {
            for (Statement st : sleeping) {
                st.cancel();
            }
            for (Future<?> f : sleepers) {
                try {
                    f.get(10, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException cancelled) {
                    // canceling statement due to user request
                }
            }
        }
    }

    @Test
    void blocksReadFromDiskLowerTheCacheHitRatio() throws Exception {
        // a file copy leaves none of the new database's pages in shared buffers: its first reads miss
        String name = "health_cache_" + System.nanoTime();
        execute(TestPostgres.superuser("postgres"), "CREATE DATABASE " + name + " STRATEGY = FILE_COPY");
        DataSource copied = TestPostgres.superuser(name);
        execute(copied, "CREATE TABLE t AS SELECT g FROM generate_series(1, 100) g", "SELECT count(*) FROM t",
                "SELECT pg_stat_force_next_flush()");

        HealthSample s;
        try (Connection c = copied.getConnection()) {
            s = sampleUntil(c, x -> x.blocksRead() > 0);
        }
        double ratio = 100.0 * s.blocksHit() / (s.blocksHit() + s.blocksRead());
        HealthCheck all = check(HealthEvaluator.evaluate(s, Thresholds.with(t -> t.cacheHitRatioPercent = 100)),
                "cache_hit_ratio");
        assertThat(all.value()).isCloseTo(ratio, within(1e-9));
        assertThat(all.threshold()).isEqualTo("< 100");
        assertThat(all.level()).isEqualTo(Level.WARNING);
        int floor = (int) Math.floor(ratio);
        assertThat(check(HealthEvaluator.evaluate(s, Thresholds.with(t -> t.cacheHitRatioPercent = Math.max(1, floor))),
                "cache_hit_ratio").level()).isEqualTo(Level.OK);
    }

    // --- helpers

    HealthSample sample() throws SQLException {
        return sample(HealthThresholds.DEFAULTS);
    }

    HealthSample sample(HealthThresholds thresholds) throws SQLException {
        try (Connection c = db.getConnection()) {
            return HealthProbe.sample(c, thresholds, CLOCK);
        }
    }

    HealthSample sampleUntil(Predicate<HealthSample> condition) throws Exception {
        try (Connection c = db.getConnection()) {
            return sampleUntil(c, condition);
        }
    }

    /** Samples until the condition holds: statistics reach the cumulative statistics system asynchronously. */
    static HealthSample sampleUntil(Connection c, Predicate<HealthSample> condition) throws Exception {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (true) {
            HealthSample s = HealthProbe.sample(c, HealthThresholds.DEFAULTS, CLOCK);
            if (condition.test(s)) {
                return s;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no sample within " + PATIENCE + " met the condition; last: " + s);
            }
            Thread.sleep(100);
        }
    }

    static HealthCheck check(HealthReport report, String name) {
        return report.checks().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    Connection open() throws SQLException {
        Connection c = db.getConnection();
        opened.add(c);
        return c;
    }

    long query(String sql) throws SQLException {
        try (Connection c = db.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static String show(Statement st, String setting) throws SQLException {
        try (ResultSet rs = st.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }

    static void resetStatements(DataSource ds) throws SQLException {
        execute(ds, "SELECT pg_stat_statements_reset(0, (SELECT oid FROM pg_database WHERE datname = current_database()), 0)");
    }

}
