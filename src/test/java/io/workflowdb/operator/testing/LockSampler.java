package io.workflowdb.operator.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import javax.sql.DataSource;

/**
 * Watches, from a connection of its own, which other backends hold or wait for a lock on a table
 * that blocks writers (the modes that conflict with INSERT, UPDATE and DELETE's RowExclusiveLock),
 * by sampling {@code pg_locks} at a fixed interval, and keeps the longest such lock. "The table" is
 * the relation that bore the name at the start and whatever bears it at each sample (a conversion
 * may put another table in its place). Backends whose application_name is the excluded one (the
 * writers themselves) are left out. A lock seen in consecutive samples counts from the first to the
 * last of them, so it was held or awaited at least that long and less than one interval longer.
 */
public final class LockSampler implements AutoCloseable {

    /** The lock modes that conflict with RowExclusiveLock. */
    public static final List<String> WRITER_BLOCKING_MODES = List.of("ShareLock", "ShareRowExclusiveLock",
            "ExclusiveLock", "AccessExclusiveLock");

    /**
     * The longest lock seen: how long (at least), its mode, whether the backend ever waited for it,
     * the backend, the relation as it was named, and in how many consecutive samples it was seen.
     */
    public record Lock(Duration atLeast, String mode, boolean awaited, int pid, String relation, int samples) {

        /** One line, for example {@code AccessExclusiveLock held by pid 123 on workflow_events: 300-400 ms}. */
        public String describe(Duration interval) {
            return String.format("%s %s by pid %d on %s: %d-%d ms (%d samples)", mode, awaited ? "awaited/held" : "held",
                    pid, relation, atLeast.toMillis(), atLeast.plus(interval).toMillis(), samples);
        }
    }

    /** What the sampler saw: how many samples, their interval, the longest lock, and the first sampling error. */
    public record Result(long samples, Duration interval, Optional<Lock> longest, Optional<String> firstError) {

        public String describe() {
            return longest.map(l -> l.describe(interval)).orElse("none seen") + String.format(" (%,d samples every %d ms%s)",
                    samples, interval.toMillis(), firstError.map(e -> "; sampling failed: " + e).orElse(""));
        }
    }

    private record Key(int pid, long relation, String mode) {
    }

    private static final class Streak {
        final long first;
        long last;
        int samples;
        boolean awaited;
        String relation;

        Streak(long first) {
            this.first = first;
        }
    }

    private final DataSource dataSource;
    private final String table;
    private final Duration interval;
    private final String excludedApplicationName;
    private final Thread thread;
    private final Map<Key, Streak> open = new HashMap<>();
    private volatile boolean running = true;
    private long samples;
    private Lock longest;
    private String firstError;
    private long originalOid;
    private Result result;

    private LockSampler(DataSource dataSource, String table, Duration interval, String excludedApplicationName) {
        this.dataSource = dataSource;
        this.table = table;
        this.interval = interval;
        this.excludedApplicationName = excludedApplicationName;
        this.thread = new Thread(this::run, "lock-sampler");
        this.thread.setDaemon(true);
    }

    /**
     * Starts sampling the locks on {@code table} (a name as {@code to_regclass} reads it) every
     * {@code interval}, leaving out backends named {@code excludedApplicationName} (null: none).
     */
    public static LockSampler start(DataSource dataSource, String table, Duration interval,
            String excludedApplicationName) throws SQLException {
        LockSampler sampler = new LockSampler(dataSource, table, interval, excludedApplicationName);
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT coalesce(to_regclass(?)::oid, 0)")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                sampler.originalOid = rs.getLong(1);
            }
        }
        sampler.thread.start();
        return sampler;
    }

    /** Stops sampling (after the sample in flight) and returns what it saw; again: the same result. */
    public synchronized Result stop() {
        if (result == null) {
            running = false;
            try {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            open.forEach(this::closeStreak);
            result = new Result(samples, interval, Optional.ofNullable(longest), Optional.ofNullable(firstError));
        }
        return result;
    }

    @Override
    public void close() {
        stop();
    }

    private void run() {
        String sql = "SELECT l.pid, l.relation::bigint, l.mode, l.granted, l.relation::regclass::text"
                + " FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid"
                + " WHERE l.locktype = 'relation'"
                + " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"
                + " AND (l.relation = ?::oid OR l.relation = to_regclass(?))"
                + " AND l.mode IN ('" + String.join("', '", WRITER_BLOCKING_MODES) + "')"
                + " AND l.pid <> pg_backend_pid()"
                + (excludedApplicationName == null ? "" : " AND coalesce(a.application_name, '') <> ?");
        Connection connection = null;
        long next = System.nanoTime();
        while (running) {
            try {
                if (connection == null) {
                    connection = dataSource.getConnection();
                }
                sample(connection, sql);
            } catch (SQLException e) {
                if (firstError == null) {
                    firstError = e.getMessage();
                }
                close(connection);
                connection = null;
            }
            next += interval.toNanos();
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            } else {
                next = System.nanoTime();
            }
        }
        close(connection);
    }

    private void sample(Connection connection, String sql) throws SQLException {
        long at = System.nanoTime();
        Set<Key> seen = new HashSet<>();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setLong(1, originalOid);
            ps.setString(2, table);
            if (excludedApplicationName != null) {
                ps.setString(3, excludedApplicationName);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Key key = new Key(rs.getInt(1), rs.getLong(2), rs.getString(3));
                    seen.add(key);
                    Streak streak = open.computeIfAbsent(key, k -> new Streak(at));
                    streak.last = at;
                    streak.samples++;
                    streak.awaited |= !rs.getBoolean(4);
                    streak.relation = rs.getString(5);
                }
            }
        }
        samples++;
        open.entrySet().removeIf(e -> {
            if (seen.contains(e.getKey())) {
                return false;
            }
            closeStreak(e.getKey(), e.getValue());
            return true;
        });
    }

    private void closeStreak(Key key, Streak streak) {
        Duration atLeast = Duration.ofNanos(streak.last - streak.first);
        if (longest == null || atLeast.compareTo(longest.atLeast()) > 0
                || atLeast.equals(longest.atLeast()) && streak.samples > longest.samples()) {
            longest = new Lock(atLeast, key.mode(), streak.awaited, key.pid(), streak.relation, streak.samples);
        }
    }

    private static void close(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // gone already
            }
        }
    }
}
