package io.workflowdb.operator.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.workflowdb.operator.api.v1alpha1.HealthStatus;
import io.workflowdb.operator.api.v1alpha1.HealthStatus.Level;
import io.workflowdb.operator.api.v1alpha1.MonitoringSpec;

/** Every check's boundary, without a database. */
class HealthEvaluatorTest {

    static final Instant TAKEN = Instant.parse("2026-11-24T10:00:00Z");
    static final long MB = 1024 * 1024;
    static final long WRAPAROUND = 2_147_483_648L;

    /** A quiet database: nothing near any default threshold. */
    static final HealthSample QUIET = new HealthSample(TAKEN, 3, 10, 100, 500 * MB, 990, 10, null, 1000, 0, 0, null, null,
            List.of(), 0L, null, Duration.ofMillis(4));

    static Builder sample() {
        return new Builder();
    }

    @Test
    void aQuietDatabaseIsOkWithEveryCheckInOrder() {
        HealthReport report = HealthEvaluator.evaluate(QUIET, HealthThresholds.DEFAULTS);
        assertThat(report.overall()).isEqualTo(Level.OK);
        assertThat(report.takenAt()).isEqualTo(TAKEN);
        assertThat(report.databaseTime()).isEqualTo(Duration.ofMillis(4));
        assertThat(report.checks()).extracting(HealthCheck::label).containsExactly("active_connections", "database_size_mb",
                "slow_queries", "cache_hit_ratio", "connection_usage_percent", "oldest_transaction_seconds",
                "xid_age_percent", "invalid_indexes", "dead_tuple_ratio_percent", "waiting_locks");
        assertThat(report.checks()).extracting(HealthCheck::level).containsOnly(Level.OK);
        assertThat(report.problems()).isEmpty();
    }

    @Test
    void thresholdsMissingFromTheSpecAreTheDefaults() {
        assertThat(HealthThresholds.of(null)).isEqualTo(HealthThresholds.DEFAULTS);
        assertThat(HealthThresholds.of(new MonitoringSpec())).isEqualTo(HealthThresholds.DEFAULTS);
        HealthThresholds t = Thresholds.with(x -> {
            x.waitingLocks = 0;
            x.replicationLagBytes = 1L;
        });
        assertThat(t.waitingLocks()).isZero();
        assertThat(t.replicationLagBytes()).isEqualTo(1);
        assertThat(t.activeConnections()).isEqualTo(50);
        assertThat(t.databaseSizeMB()).isEqualTo(10_000);
        assertThat(t.slowQueryMeanMs()).isEqualTo(1000);
        assertThat(t.slowQueries()).isEqualTo(10);
        assertThat(t.cacheHitRatioPercent()).isEqualTo(95);
        assertThat(t.connectionUsagePercent()).isEqualTo(80);
        assertThat(t.replicationLagSeconds()).isEqualTo(30);
        assertThat(t.oldestTransactionSeconds()).isEqualTo(300);
        assertThat(t.xidAgePercent()).isEqualTo(50);
        assertThat(t.deadTupleRatioPercent()).isEqualTo(20);
    }

    @Test
    void activeConnectionsWarnAboveTheThreshold() {
        assertThat(level(sample().active(50), "active_connections")).isEqualTo(Level.OK);
        HealthCheck c = check(sample().active(51), "active_connections");
        assertThat(c.level()).isEqualTo(Level.WARNING);
        assertThat(c.value()).isEqualTo(51.0);
        assertThat(c.shown()).isEqualTo("51");
        assertThat(c.threshold()).isEqualTo("> 50");
    }

    @Test
    void databaseSizeCountsWholeMegabytes() {
        assertThat(level(sample().bytes(10_000 * MB), "database_size_mb")).isEqualTo(Level.OK);
        assertThat(level(sample().bytes(10_001 * MB - 1), "database_size_mb")).as("10000.99 MB is 10000").isEqualTo(Level.OK);
        HealthCheck c = check(sample().bytes(10_001 * MB), "database_size_mb");
        assertThat(c.level()).isEqualTo(Level.WARNING);
        assertThat(c.shown()).isEqualTo("10001");
        assertThat(c.threshold()).isEqualTo("> 10000");
    }

    @Test
    void slowQueriesWarnAboveTheCountOrAreUnavailable() {
        assertThat(level(sample().slow(10L), "slow_queries")).isEqualTo(Level.OK);
        assertThat(level(sample().slow(11L), "slow_queries")).isEqualTo(Level.WARNING);

        HealthReport report = HealthEvaluator.evaluate(sample().slow(null, "pg_stat_statements is not installed in this database")
                .build(), HealthThresholds.DEFAULTS);
        HealthCheck c = check(report, "slow_queries");
        assertThat(c.level()).isEqualTo(Level.UNAVAILABLE);
        assertThat(c.value()).isNull();
        assertThat(c.shown()).isEqualTo("pg_stat_statements is not installed in this database");
        assertThat(c.threshold()).isEqualTo("> 10");
        assertThat(report.overall()).as("UNAVAILABLE does not raise the overall").isEqualTo(Level.OK);
        assertThat(report.problems()).as("nor is it a problem").isEmpty();
    }

    @Test
    void cacheHitRatioWarnsBelowTheThresholdAndNeedsReads() {
        assertThat(level(sample().blocks(95, 5), "cache_hit_ratio")).as("95 %% exactly").isEqualTo(Level.OK);
        HealthCheck c = check(sample().blocks(9_499, 501), "cache_hit_ratio");
        assertThat(c.level()).isEqualTo(Level.WARNING);
        assertThat(c.value()).isEqualTo(94.99);
        assertThat(c.shown()).isEqualTo("95.0");
        assertThat(c.threshold()).isEqualTo("< 95");
        assertThat(level(sample().blocks(0, 7), "cache_hit_ratio")).isEqualTo(Level.WARNING);

        HealthCheck none = check(sample().blocks(0, 0), "cache_hit_ratio");
        assertThat(none.level()).as("no division by zero before the first read").isEqualTo(Level.OK);
        assertThat(none.value()).isNull();
        assertThat(none.shown()).isEqualTo("no reads yet");
        assertThat(level(sample().blocks(100, 0), "cache_hit_ratio")).isEqualTo(Level.OK);
    }

    /** A percentage check warns from its threshold on ({@code >=}, as its threshold says), critical from 95 %. */
    @Test
    void connectionUsageWarnsFromItsThresholdAndIsCriticalFrom95Percent() {
        assertThat(level(sample().connections(79, 100), "connection_usage_percent")).isEqualTo(Level.OK);
        HealthCheck warning = check(sample().connections(80, 100), "connection_usage_percent");
        assertThat(warning.level()).isEqualTo(Level.WARNING);
        assertThat(warning.shown()).isEqualTo("80.0");
        assertThat(warning.threshold()).isEqualTo(">= 80 (critical >= 95)");
        assertThat(level(sample().connections(94, 100), "connection_usage_percent")).isEqualTo(Level.WARNING);
        assertThat(level(sample().connections(189, 200), "connection_usage_percent")).as("94.5 %%").isEqualTo(Level.WARNING);
        assertThat(level(sample().connections(95, 100), "connection_usage_percent")).isEqualTo(Level.CRITICAL);
        assertThat(level(sample().connections(100, 100), "connection_usage_percent")).isEqualTo(Level.CRITICAL);
        assertThat(HealthEvaluator.evaluate(sample().connections(95, 100).build(), HealthThresholds.DEFAULTS).overall())
                .isEqualTo(Level.CRITICAL);
        // a warning threshold above the critical one: critical still wins
        assertThat(HealthEvaluator.evaluate(sample().connections(96, 100).build(),
                Thresholds.with(t -> t.connectionUsagePercent = 99)).checks().get(4).level()).isEqualTo(Level.CRITICAL);

        HealthCheck none = check(sample().connections(0, 0), "connection_usage_percent");
        assertThat(none.value()).as("no division by zero").isZero();
        assertThat(none.level()).isEqualTo(Level.OK);
    }

    @Test
    void transactionIdAgeWarnsFromItsThresholdAndIsCriticalFrom80Percent() {
        assertThat(level(sample().xid(WRAPAROUND / 2 - 1), "xid_age_percent")).isEqualTo(Level.OK);
        HealthCheck half = check(sample().xid(WRAPAROUND / 2), "xid_age_percent");
        assertThat(half.value()).isEqualTo(50.0);
        assertThat(half.level()).isEqualTo(Level.WARNING);
        assertThat(half.threshold()).isEqualTo(">= 50 (critical >= 80)");
        long eightyPercent = (long) Math.ceil(WRAPAROUND * 0.8); // 1,717,986,919
        assertThat(level(sample().xid(eightyPercent - 1), "xid_age_percent")).isEqualTo(Level.WARNING);
        assertThat(level(sample().xid(eightyPercent), "xid_age_percent")).isEqualTo(Level.CRITICAL);
        assertThat(level(sample().xid(1000), "xid_age_percent")).isEqualTo(Level.OK);
    }

    @Test
    void oldestTransactionWarnsAboveTheThresholdInWholeSeconds() {
        HealthCheck none = check(sample().oldest(null), "oldest_transaction_seconds");
        assertThat(none.shown()).isEqualTo("none open");
        assertThat(none.value()).isZero();
        assertThat(none.level()).isEqualTo(Level.OK);
        assertThat(level(sample().oldest(300.0), "oldest_transaction_seconds")).isEqualTo(Level.OK);
        assertThat(level(sample().oldest(300.49), "oldest_transaction_seconds")).isEqualTo(Level.OK);
        HealthCheck c = check(sample().oldest(301.0), "oldest_transaction_seconds");
        assertThat(c.level()).isEqualTo(Level.WARNING);
        assertThat(c.shown()).isEqualTo("301");
        assertThat(c.threshold()).isEqualTo("> 300");
    }

    @Test
    void anyInvalidIndexWarns() {
        assertThat(level(sample().invalid(0), "invalid_indexes")).isEqualTo(Level.OK);
        HealthCheck c = check(sample().invalid(1), "invalid_indexes");
        assertThat(c.level()).isEqualTo(Level.WARNING);
        assertThat(c.threshold()).isEqualTo("> 0");
    }

    @Test
    void deadTupleRatioWarnsAboveTheThresholdAndNamesTheTable() {
        HealthCheck none = check(sample().dead(null, null), "dead_tuple_ratio_percent");
        assertThat(none.shown()).isEqualTo("no table of 1000+ tuples");
        assertThat(none.level()).isEqualTo(Level.OK);
        assertThat(level(sample().dead("public.tasks", 20.0), "dead_tuple_ratio_percent")).isEqualTo(Level.OK);
        HealthCheck c = check(sample().dead("public.tasks", 20.5), "dead_tuple_ratio_percent");
        assertThat(c.level()).isEqualTo(Level.WARNING);
        assertThat(c.shown()).isEqualTo("20.5 (public.tasks)");
        assertThat(c.threshold()).isEqualTo("> 20");
    }

    @Test
    void waitingLocksWarnAboveTheThreshold() {
        assertThat(level(sample().waiting(5), "waiting_locks")).isEqualTo(Level.OK);
        assertThat(level(sample().waiting(6), "waiting_locks")).isEqualTo(Level.WARNING);
        assertThat(HealthEvaluator.evaluate(sample().waiting(1).build(), Thresholds.with(t -> t.waitingLocks = 0))
                .overall()).isEqualTo(Level.WARNING);
    }

    @Test
    void withoutReplicasThereAreNoLagChecks() {
        assertThat(HealthEvaluator.evaluate(QUIET, HealthThresholds.DEFAULTS).checks())
                .noneMatch(c -> c.name().startsWith("replication_lag"));
    }

    @Test
    void eachReplicaHasALagCheckInBytesAndInSeconds() {
        long limit = 16L * 1024 * 1024;
        HealthReport report = HealthEvaluator.evaluate(sample().replicas(
                new HealthSample.Replica("db-1", limit, 30.0),
                new HealthSample.Replica("db-2", limit + 1, 2.5),
                new HealthSample.Replica("db-3", 0L, 30.5)).build(), HealthThresholds.DEFAULTS);
        List<HealthCheck> lag = report.checks().stream().filter(c -> c.name().startsWith("replication_lag")).toList();
        assertThat(lag).extracting(HealthCheck::label).containsExactly("replication_lag_bytes[db-1]",
                "replication_lag_seconds[db-1]", "replication_lag_bytes[db-2]", "replication_lag_seconds[db-2]",
                "replication_lag_bytes[db-3]", "replication_lag_seconds[db-3]");
        assertThat(lag).extracting(HealthCheck::level).containsExactly(Level.OK, Level.OK, Level.WARNING, Level.OK, Level.OK,
                Level.WARNING);
        assertThat(lag.get(2).shown()).isEqualTo("16777217");
        assertThat(lag.get(2).value()).isEqualTo(16_777_217.0);
        assertThat(lag.get(2).threshold()).isEqualTo("> 16777216");
        assertThat(lag.get(5).shown()).isEqualTo("30.5");
        assertThat(lag.get(5).threshold()).isEqualTo("> 30");
        assertThat(report.overall()).isEqualTo(Level.WARNING);
        assertThat(report.problems()).isEqualTo("replication_lag_bytes[db-2] WARNING (16777217, threshold > 16777216); "
                + "replication_lag_seconds[db-3] WARNING (30.5, threshold > 30)");
        assertThat(report.checks().indexOf(lag.get(0))).as("after connection usage")
                .isEqualTo(report.checks().indexOf(check(report, "connection_usage_percent")) + 1);
    }

    @Test
    void aReplicaThatHasNotReplayedYetHasAnUnknownLagThatIsOk() {
        HealthReport report = HealthEvaluator.evaluate(sample().replicas(new HealthSample.Replica("db-1", null, null)).build(),
                Thresholds.with(t -> t.replicationLagBytes = 0L));
        HealthCheck bytes = check(report, "replication_lag_bytes");
        assertThat(bytes.value()).isNull();
        assertThat(bytes.shown()).isEqualTo("unknown");
        assertThat(bytes.level()).isEqualTo(Level.OK);
        HealthCheck seconds = check(report, "replication_lag_seconds");
        assertThat(seconds.value()).isZero();
        assertThat(seconds.level()).isEqualTo(Level.OK);
        assertThat(report.overall()).isEqualTo(Level.OK);
    }

    @Test
    void theOverallIsTheWorstLevel() {
        HealthSample warnings = sample().active(51).invalid(2).slow(null, "not installed").build();
        assertThat(HealthEvaluator.evaluate(warnings, HealthThresholds.DEFAULTS).overall()).isEqualTo(Level.WARNING);
        HealthSample critical = sample().active(51).connections(99, 100).xid(1000).build();
        HealthReport report = HealthEvaluator.evaluate(critical, HealthThresholds.DEFAULTS);
        assertThat(report.overall()).isEqualTo(Level.CRITICAL);
        assertThat(report.problems()).isEqualTo("active_connections WARNING (51, threshold > 50); "
                + "connection_usage_percent CRITICAL (99.0, threshold >= 80 (critical >= 95))");
        assertThat(HealthEvaluator.severity(Level.UNAVAILABLE)).isEqualTo(HealthEvaluator.severity(Level.OK));
    }

    @Test
    void theStatusFormHasEveryCheckWithItsLabel() {
        HealthSample s = sample().waiting(7).replicas(new HealthSample.Replica("db-1", 10L, 0.5)).build();
        HealthStatus status = HealthEvaluator.evaluate(s, HealthThresholds.DEFAULTS).toStatus("2026-11-24T10:00:01Z");
        assertThat(status.status).isEqualTo(Level.WARNING);
        assertThat(status.checkedAt).isEqualTo("2026-11-24T10:00:01Z");
        assertThat(status.checks).hasSize(12);
        assertThat(status.checks).extracting(c -> c.name).contains("replication_lag_bytes[db-1]", "replication_lag_seconds[db-1]");
        HealthStatus.Check waiting = status.checks.get(11);
        assertThat(waiting.name).isEqualTo("waiting_locks");
        assertThat(waiting.value).isEqualTo("7");
        assertThat(waiting.threshold).isEqualTo("> 5");
        assertThat(waiting.status).isEqualTo(Level.WARNING);
        HealthStatus.Check unavailable = HealthEvaluator.evaluate(sample().slow(null, "why").build(), HealthThresholds.DEFAULTS)
                .toStatus("t").checks.get(2);
        assertThat(unavailable.status).isEqualTo(Level.UNAVAILABLE);
        assertThat(unavailable.value).isEqualTo("why");
    }

    // --- helpers

    static Level level(Builder b, String name) {
        return check(b, name).level();
    }

    static HealthCheck check(Builder b, String name) {
        return check(HealthEvaluator.evaluate(b.build(), HealthThresholds.DEFAULTS), name);
    }

    static HealthCheck check(HealthReport report, String name) {
        return report.checks().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    /** {@link #QUIET} with some figures changed. */
    static final class Builder {
        long active = QUIET.activeConnections();
        long connections = QUIET.connections();
        long max = QUIET.maxConnections();
        long bytes = QUIET.databaseBytes();
        long hit = QUIET.blocksHit();
        long read = QUIET.blocksRead();
        Double oldest = QUIET.oldestTransactionSeconds();
        long xid = QUIET.xidAge();
        long invalid = QUIET.invalidIndexes();
        long waiting = QUIET.waitingLocks();
        String deadTable;
        Double deadRatio;
        List<HealthSample.Replica> replicas = List.of();
        Long slow = QUIET.slowQueries();
        String unavailable;

        Builder active(long n) {
            active = n;
            return this;
        }

        Builder connections(long n, long maximum) {
            connections = n;
            max = maximum;
            return this;
        }

        Builder bytes(long n) {
            bytes = n;
            return this;
        }

        Builder blocks(long hits, long reads) {
            hit = hits;
            read = reads;
            return this;
        }

        Builder oldest(Double seconds) {
            oldest = seconds;
            return this;
        }

        Builder xid(long age) {
            xid = age;
            return this;
        }

        Builder invalid(long n) {
            invalid = n;
            return this;
        }

        Builder waiting(long n) {
            waiting = n;
            return this;
        }

        Builder dead(String table, Double ratio) {
            deadTable = table;
            deadRatio = ratio;
            return this;
        }

        Builder replicas(HealthSample.Replica... r) {
            replicas = List.of(r);
            return this;
        }

        Builder slow(Long n) {
            return slow(n, null);
        }

        Builder slow(Long n, String why) {
            slow = n;
            unavailable = why;
            return this;
        }

        HealthSample build() {
            return new HealthSample(TAKEN, active, connections, max, bytes, hit, read, oldest, xid, invalid, waiting,
                    deadTable, deadRatio, replicas, slow, unavailable, Duration.ofMillis(4));
        }
    }
}
