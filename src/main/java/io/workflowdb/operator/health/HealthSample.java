package io.workflowdb.operator.health;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The raw figures of one health sample, as the database reported them.
 *
 * @param blocksHit buffer hits of the database since statistics were reset
 * @param blocksRead blocks read from disk (or the OS cache) since then
 * @param oldestTransactionSeconds age of the oldest open transaction of another session, null when none
 * @param xidAge the oldest {@code age(datfrozenxid)} of the cluster's databases
 * @param worstDeadTable the table (of at least {@link HealthProbe#MIN_TUPLES} tuples) with the highest dead ratio, or null
 * @param slowQueries statements whose mean time is over the threshold, or null when pg_stat_statements is unavailable
 * @param slowQueriesUnavailable why slow queries could not be counted, or null
 * @param databaseTime time spent in the database for this sample
 */
public record HealthSample(Instant takenAt, long activeConnections, long connections, long maxConnections,
        long databaseBytes, long blocksHit, long blocksRead, Double oldestTransactionSeconds, long xidAge,
        long invalidIndexes, long waitingLocks, String worstDeadTable, Double worstDeadRatioPercent,
        List<Replica> replicas, Long slowQueries, String slowQueriesUnavailable, Duration databaseTime) {

    /** A streaming replica as the primary sees it; lag null when the replica has not replayed anything yet. */
    public record Replica(String name, Long lagBytes, Double lagSeconds) {
    }
}
