package io.workflowdb.operator.health;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import io.workflowdb.operator.api.v1alpha1.HealthStatus.Level;

/** Judges a sample against the thresholds: pure, so every boundary is tested without a database. */
public final class HealthEvaluator {

    static final double WRAPAROUND = 2_147_483_648.0;
    static final long MB = 1024 * 1024;

    private HealthEvaluator() {
    }

    public static HealthReport evaluate(HealthSample s, HealthThresholds t) {
        List<HealthCheck> checks = new ArrayList<>();
        checks.add(above("active_connections", s.activeConnections(), t.activeConnections()));
        checks.add(above("database_size_mb", s.databaseBytes() / MB, t.databaseSizeMB()));
        checks.add(s.slowQueries() == null
                ? new HealthCheck("slow_queries", "", null, s.slowQueriesUnavailable(), "> " + t.slowQueries(),
                        Level.UNAVAILABLE)
                : above("slow_queries", s.slowQueries(), t.slowQueries()));
        checks.add(cacheHitRatio(s, t));
        double usage = s.maxConnections() == 0 ? 0 : 100.0 * s.connections() / s.maxConnections();
        checks.add(percent("connection_usage_percent", usage, t.connectionUsagePercent(),
                HealthThresholds.CRITICAL_CONNECTION_USAGE_PERCENT));
        checks.addAll(replication(s, t));
        checks.add(s.oldestTransactionSeconds() == null
                ? new HealthCheck("oldest_transaction_seconds", "", 0.0, "none open", "> " + t.oldestTransactionSeconds(),
                        Level.OK)
                : above("oldest_transaction_seconds", Math.round(s.oldestTransactionSeconds()), t.oldestTransactionSeconds()));
        checks.add(percent("xid_age_percent", 100.0 * s.xidAge() / WRAPAROUND, t.xidAgePercent(),
                HealthThresholds.CRITICAL_XID_AGE_PERCENT));
        checks.add(above("invalid_indexes", s.invalidIndexes(), 0));
        checks.add(s.worstDeadRatioPercent() == null
                ? new HealthCheck("dead_tuple_ratio_percent", "", 0.0, "no table of " + HealthProbe.MIN_TUPLES
                        + "+ tuples", "> " + t.deadTupleRatioPercent(), Level.OK)
                : new HealthCheck("dead_tuple_ratio_percent", "", s.worstDeadRatioPercent(),
                        format(s.worstDeadRatioPercent()) + " (" + s.worstDeadTable() + ")", "> " + t.deadTupleRatioPercent(),
                        s.worstDeadRatioPercent() > t.deadTupleRatioPercent() ? Level.WARNING : Level.OK));
        checks.add(above("waiting_locks", s.waitingLocks(), t.waitingLocks()));
        Level overall = checks.stream().map(HealthCheck::level).filter(l -> l != Level.UNAVAILABLE)
                .max(Comparator.comparingInt(HealthEvaluator::severity)).orElse(Level.OK);
        return new HealthReport(s.takenAt(), overall, checks, s.databaseTime());
    }

    private static HealthCheck cacheHitRatio(HealthSample s, HealthThresholds t) {
        long total = s.blocksHit() + s.blocksRead();
        if (total == 0) {
            return new HealthCheck("cache_hit_ratio", "", null, "no reads yet", "< " + t.cacheHitRatioPercent(), Level.OK);
        }
        double ratio = 100.0 * s.blocksHit() / total;
        return new HealthCheck("cache_hit_ratio", "", ratio, format(ratio), "< " + t.cacheHitRatioPercent(),
                ratio < t.cacheHitRatioPercent() ? Level.WARNING : Level.OK);
    }

    /** One lag check per replica in bytes and one in seconds; a lag not known yet is OK. */
    private static List<HealthCheck> replication(HealthSample s, HealthThresholds t) {
        List<HealthCheck> checks = new ArrayList<>();
        for (HealthSample.Replica r : s.replicas()) {
            Long bytes = r.lagBytes();
            checks.add(new HealthCheck("replication_lag_bytes", r.name(), bytes == null ? null : bytes.doubleValue(),
                    bytes == null ? "unknown" : Long.toString(bytes), "> " + t.replicationLagBytes(),
                    bytes != null && bytes > t.replicationLagBytes() ? Level.WARNING : Level.OK));
            Double seconds = r.lagSeconds() == null ? 0.0 : r.lagSeconds();
            checks.add(new HealthCheck("replication_lag_seconds", r.name(), seconds, format(seconds),
                    "> " + t.replicationLagSeconds(), seconds > t.replicationLagSeconds() ? Level.WARNING : Level.OK));
        }
        return checks;
    }

    private static HealthCheck above(String name, long value, long threshold) {
        return new HealthCheck(name, "", (double) value, Long.toString(value), "> " + threshold,
                value > threshold ? Level.WARNING : Level.OK);
    }

    private static HealthCheck percent(String name, double value, int warning, int critical) {
        Level level = value >= critical ? Level.CRITICAL : value >= warning ? Level.WARNING : Level.OK;
        return new HealthCheck(name, "", value, format(value), ">= " + warning + " (critical >= " + critical + ")", level);
    }

    static String format(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    public static int severity(Level level) {
        return switch (level) {
            case OK, UNAVAILABLE -> 0;
            case WARNING -> 1;
            case CRITICAL -> 2;
        };
    }
}
