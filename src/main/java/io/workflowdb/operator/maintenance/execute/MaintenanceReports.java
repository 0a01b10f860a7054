package io.workflowdb.operator.maintenance.execute;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.workflowdb.operator.api.v1alpha1.MaintenancePolicyStatus.ActionResult;
import io.workflowdb.operator.api.v1alpha1.MaintenancePolicyStatus.ActionResult.Outcome;
import io.workflowdb.operator.api.v1alpha1.MaintenancePolicyStatus.Bloat;
import io.workflowdb.operator.api.v1alpha1.MaintenancePolicyStatus.Reports;
import io.workflowdb.operator.api.v1alpha1.MaintenancePolicyStatus.Sizes;
import io.workflowdb.operator.api.v1alpha1.MaintenancePolicyStatus.TableSize;
import io.workflowdb.operator.api.v1alpha1.MaintenancePolicyStatus.UnusedIndex;
import io.workflowdb.operator.maintenance.plan.ReportKind;
import io.workflowdb.operator.sql.ServerMessages;

/**
 * Reads the reports from the statistics views and the catalog. Lists are capped at {@link #LIMIT}
 * entries so that status stays small. Each report is a step of the run with its own outcome; one
 * that fails is left out of the reports.
 */
public final class MaintenanceReports {

    public static final int LIMIT = 10;
    /** Reports only read statistics and the catalog; this bounds a server that answers slowly. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    /**
     * Indexes never scanned, leaving out those a constraint or uniqueness needs (they are used by
     * every insert even when no query scans them) and INVALID ones (reindexInvalid's business).
     */
    private static final String UNUSED_INDEXES = """
            SELECT s.schemaname, s.indexrelname, s.relname, pg_relation_size(s.indexrelid), s.idx_scan,
                   count(*) OVER ()
              FROM pg_stat_user_indexes s
              JOIN pg_index i ON i.indexrelid = s.indexrelid
             WHERE s.idx_scan = 0 AND i.indisvalid AND NOT i.indisunique AND NOT i.indisprimary
               AND NOT EXISTS (SELECT 1 FROM pg_constraint k
                                WHERE k.conindid = s.indexrelid AND k.contype IN ('p', 'u', 'x'))
             ORDER BY 4 DESC, 1, 2
             LIMIT ?
            """;

    /** Never reset statistics date from the server's start. */
    private static final String STATS_SINCE = """
            SELECT coalesce(stats_reset, pg_postmaster_start_time())
              FROM pg_stat_database WHERE datname = current_database()
            """;

    private static final String BLOAT = """
            SELECT schemaname, relname, n_dead_tup, n_live_tup, greatest(last_vacuum, last_autovacuum)
              FROM pg_stat_user_tables
             WHERE n_dead_tup > 0
             ORDER BY n_dead_tup DESC, 1, 2
             LIMIT ?
            """;

    /** Tables with their indexes and TOAST; a partitioned table counts with all its partitions. */
    private static final String TABLE_SIZES = """
            SELECT n.nspname, c.relname,
                   CASE WHEN c.relkind = 'p'
                        THEN (SELECT coalesce(sum(pg_total_relation_size(t.relid)), 0) FROM pg_partition_tree(c.oid) t)
                        ELSE coalesce(pg_total_relation_size(c.oid), 0) END AS bytes
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE c.relkind IN ('r', 'p', 'm') AND NOT c.relispartition
               AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(toast|temp)'
             ORDER BY 3 DESC, 1, 2
             LIMIT ?
            """;

    private MaintenanceReports() {
    }

    /**
     * @param previous the reports of the previous run, the base of the growth figures; null when none
     * @param progress told each report's step as it ends
     */
    public static Reports collect(Connection c, List<ReportKind> kinds, Reports previous, Clock clock,
            MaintenanceExecutor.Progress progress) throws SQLException {
        Reports reports = new Reports();
        reports.collectedAt = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        for (ReportKind kind : kinds) {
            long started = System.nanoTime();
            String message;
            try {
                SessionLimits.set(c, TIMEOUT, null);
                message = switch (kind) {
                    case UNUSED_INDEXES -> unusedIndexes(c, reports);
                    case BLOAT -> bloat(c, reports);
                    case SIZES -> sizes(c, reports, previous == null ? null : previous.sizes);
                };
            } catch (SQLException e) {
                if (SqlErrors.connectionLost(c, e)) {
                    throw e;
                }
                progress.finished(new ActionResult(kind.actionName(), Outcome.Failed, ActionRunner.millisSince(started),
                        ServerMessages.primary(e)));
                continue;
            }
            progress.finished(new ActionResult(kind.actionName(), Outcome.Succeeded, ActionRunner.millisSince(started),
                    message));
        }
        return reports;
    }

    private static String unusedIndexes(Connection c, Reports reports) throws SQLException {
        List<UnusedIndex> unused = new ArrayList<>();
        int total = 0;
        try (PreparedStatement ps = c.prepareStatement(UNUSED_INDEXES)) {
            ps.setInt(1, LIMIT);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    UnusedIndex index = new UnusedIndex();
                    index.index = rs.getString(1) + "." + rs.getString(2);
                    index.table = rs.getString(1) + "." + rs.getString(3);
                    index.sizeBytes = rs.getLong(4);
                    index.scans = rs.getLong(5);
                    unused.add(index);
                    total = rs.getInt(6);
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement(STATS_SINCE); ResultSet rs = ps.executeQuery()) {
            reports.statsSince = rs.next() ? timestamp(rs.getTimestamp(1)) : null;
        }
        reports.unusedIndexes = unused;
        reports.unusedIndexesTotal = total;
        return total + " unused " + (total == 1 ? "index" : "indexes") + " since " + reports.statsSince;
    }

    private static String bloat(Connection c, Reports reports) throws SQLException {
        List<Bloat> bloat = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(BLOAT)) {
            ps.setInt(1, LIMIT);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Bloat table = new Bloat();
                    table.table = rs.getString(1) + "." + rs.getString(2);
                    table.deadTuples = rs.getLong(3);
                    table.liveTuples = rs.getLong(4);
                    table.deadRatioPercent = Math.round(table.deadTuples * 1000.0 / (table.deadTuples + table.liveTuples)) / 10.0;
                    table.lastVacuum = timestamp(rs.getTimestamp(5));
                    bloat.add(table);
                }
            }
        }
        reports.bloat = bloat;
        return bloat.isEmpty() ? "no table with dead tuples"
                : bloat.size() + (bloat.size() == 1 ? " table" : " tables") + " with dead tuples, most in "
                        + bloat.get(0).table + " (" + bloat.get(0).deadTuples + ")";
    }

    private static String sizes(Connection c, Reports reports, Sizes previous) throws SQLException {
        Sizes sizes = new Sizes();
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_database_size(current_database())");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            sizes.databaseBytes = rs.getLong(1);
        }
        Map<String, Long> before = new HashMap<>();
        if (previous != null && previous.tables != null) {
            previous.tables.stream().filter(t -> t.table != null && t.bytes != null).forEach(t -> before.put(t.table, t.bytes));
        }
        sizes.tables = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(TABLE_SIZES)) {
            ps.setInt(1, LIMIT);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    TableSize table = new TableSize();
                    table.table = rs.getString(1) + "." + rs.getString(2);
                    table.bytes = rs.getLong(3);
                    Long was = before.get(table.table);
                    table.growthBytes = was == null ? null : table.bytes - was;
                    sizes.tables.add(table);
                }
            }
        }
        if (previous != null && previous.databaseBytes != null) {
            sizes.growthBytesSinceLastRun = sizes.databaseBytes - previous.databaseBytes;
        }
        reports.sizes = sizes;
        return "database " + sizes.databaseBytes + " bytes" + (sizes.growthBytesSinceLastRun == null ? ""
                : ", " + signed(sizes.growthBytesSinceLastRun) + " since the previous run");
    }

    static String signed(long bytes) {
        return (bytes >= 0 ? "+" : "") + bytes;
    }

    private static String timestamp(Timestamp t) {
        return t == null ? null : t.toInstant().truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
