package io.workflowdb.operator.health;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.workflowdb.operator.sql.SessionSettings;

/**
 * Takes one health sample: three read-only queries in one read-only transaction under a short
 * statement timeout, rolled back at the end. The counts follow the seed guide's health function
 * with its PostgreSQL 13+ fixes: {@code mean_exec_time} instead of {@code mean_time}, and no
 * division by zero before the first block is read.
 */
public final class HealthProbe {

    /** Tables smaller than this are left out of the dead-tuple ratio: a few dead rows of a tiny table mean nothing. */
    public static final long MIN_TUPLES = 1000;
    static final String STATEMENT_TIMEOUT = "2s";

    private static final String FIGURES = """
            SELECT (SELECT count(*) FROM pg_stat_activity WHERE state = 'active'),
                   (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'),
                   current_setting('max_connections')::bigint,
                   pg_database_size(current_database()),
                   d.blks_hit, d.blks_read,
                   (SELECT extract(epoch FROM max(now() - xact_start))::float8 FROM pg_stat_activity
                     WHERE xact_start IS NOT NULL AND backend_type = 'client backend' AND pid <> pg_backend_pid()),
                   (SELECT max(age(datfrozenxid)) FROM pg_database),
                   (SELECT count(*) FROM pg_index i
                     WHERE NOT i.indisvalid
                       AND NOT EXISTS (SELECT 1 FROM pg_stat_progress_create_index p WHERE p.index_relid = i.indexrelid)),
                   (SELECT count(*) FROM pg_locks WHERE NOT granted),
                   w.name, w.ratio,
                   pg_is_in_recovery()
              FROM pg_stat_database d
              LEFT JOIN LATERAL (
                   SELECT schemaname || '.' || relname AS name,
                          (100.0 * n_dead_tup / (n_live_tup + n_dead_tup))::float8 AS ratio
                     FROM pg_stat_user_tables
                    WHERE n_live_tup + n_dead_tup >= ?
                    ORDER BY n_dead_tup::float8 / (n_live_tup + n_dead_tup) DESC
                    LIMIT 1) w ON true
             WHERE d.datname = current_database()
            """;

    private static final String REPLICAS = """
            SELECT coalesce(application_name, client_addr::text, pid::text),
                   pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::bigint,
                   extract(epoch FROM replay_lag)::float8
              FROM pg_stat_replication
             ORDER BY 1
            """;

    /** The statements of this database whose mean time is over the threshold. */
    private static final String SLOW = """
            SELECT count(*) FROM pg_stat_statements s
             WHERE s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
               AND s.mean_exec_time > ?
            """;

    private HealthProbe() {
    }

    /**
     * @param c a connection to the primary; it is left in autocommit mode
     */
    public static HealthSample sample(Connection c, HealthThresholds thresholds, Clock clock) throws SQLException {
        long started = System.nanoTime();
        boolean autocommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            try (Statement st = c.createStatement()) {
                st.execute("SET TRANSACTION READ ONLY");
            }
            SessionSettings.local(c, "statement_timeout", STATEMENT_TIMEOUT);
            HealthSample sample;
            try (PreparedStatement ps = c.prepareStatement(FIGURES)) {
                ps.setLong(1, MIN_TUPLES);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    boolean standby = rs.getBoolean(13);
                    List<HealthSample.Replica> replicas = standby ? List.of() : replicas(c);
                    String[] slowUnavailable = new String[1];
                    Long slow = slowQueries(c, thresholds.slowQueryMeanMs(), slowUnavailable);
                    sample = new HealthSample(clock.instant(), rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                            rs.getLong(5), rs.getLong(6), rs.getObject(7, Double.class), rs.getLong(8),
                            rs.getLong(9), rs.getLong(10), rs.getString(11), rs.getObject(12, Double.class), replicas,
                            slow, slowUnavailable[0], Duration.ofNanos(System.nanoTime() - started));
                }
            }
            return sample;
        } finally {
            try {
                c.rollback();
            } finally {
                c.setAutoCommit(autocommit);
            }
        }
    }

    private static List<HealthSample.Replica> replicas(Connection c) throws SQLException {
        List<HealthSample.Replica> replicas = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(REPLICAS)) {
            while (rs.next()) {
                replicas.add(new HealthSample.Replica(rs.getString(1), rs.getObject(2, Long.class),
                        rs.getObject(3, Double.class)));
            }
        }
        return replicas;
    }

    /**
     * Counts slow statements, or says why it cannot: the extension is not installed in this
     * database, or not preloaded. A savepoint keeps such a failure from aborting the sample.
     */
    private static Long slowQueries(Connection c, int meanMs, String[] unavailable) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT to_regclass('pg_stat_statements') IS NOT NULL")) {
            rs.next();
            if (!rs.getBoolean(1)) {
                unavailable[0] = "pg_stat_statements is not installed in this database";
                return null;
            }
        }
        Savepoint savepoint = c.setSavepoint();
        try (PreparedStatement ps = c.prepareStatement(SLOW)) {
            ps.setDouble(1, meanMs);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            c.rollback(savepoint);
            unavailable[0] = "pg_stat_statements cannot be read: " + firstLine(e.getMessage());
            return null;
        }
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("").replaceFirst("^ERROR: ", "");
    }
}
