package io.workflowdb.operator.health;

import io.workflowdb.operator.api.v1alpha1.MonitoringSpec;

/**
 * The thresholds at which each check turns WARNING, with the seed guide's defaults where it has
 * them. Two checks also turn CRITICAL at fixed levels, where waiting longer costs an outage:
 * connections in use at 95 % of max_connections, transaction-ID age at 80 % of wraparound.
 */
public record HealthThresholds(int activeConnections, long databaseSizeMB, int slowQueryMeanMs, int slowQueries,
        int cacheHitRatioPercent, int connectionUsagePercent, long replicationLagBytes, int replicationLagSeconds,
        int oldestTransactionSeconds, int xidAgePercent, int deadTupleRatioPercent, int waitingLocks) {

    public static final int CRITICAL_CONNECTION_USAGE_PERCENT = 95;
    public static final int CRITICAL_XID_AGE_PERCENT = 80;

    public static final HealthThresholds DEFAULTS = new HealthThresholds(50, 10_000, 1000, 10, 95, 80, 16L * 1024 * 1024,
            30, 300, 50, 20, 5);

    /** The spec's thresholds, each missing one at its default. */
    public static HealthThresholds of(MonitoringSpec monitoring) {
        MonitoringSpec.Thresholds t = monitoring == null ? null : monitoring.thresholds;
        if (t == null) {
            return DEFAULTS;
        }
        HealthThresholds d = DEFAULTS;
        return new HealthThresholds(or(t.activeConnections, d.activeConnections), or(t.databaseSizeMB, d.databaseSizeMB),
                or(t.slowQueryMeanMs, d.slowQueryMeanMs), or(t.slowQueries, d.slowQueries),
                or(t.cacheHitRatioPercent, d.cacheHitRatioPercent), or(t.connectionUsagePercent, d.connectionUsagePercent),
                or(t.replicationLagBytes, d.replicationLagBytes), or(t.replicationLagSeconds, d.replicationLagSeconds),
                or(t.oldestTransactionSeconds, d.oldestTransactionSeconds), or(t.xidAgePercent, d.xidAgePercent),
                or(t.deadTupleRatioPercent, d.deadTupleRatioPercent), or(t.waitingLocks, d.waitingLocks));
    }

    private static int or(Integer value, int fallback) {
        return value == null ? fallback : value;
    }

    private static long or(Long value, long fallback) {
        return value == null ? fallback : value;
    }
}
