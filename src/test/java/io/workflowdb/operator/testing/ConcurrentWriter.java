package io.workflowdb.operator.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import javax.sql.DataSource;

/**
 * A client that commits inserts into a table on a thread of its own, as an application does while
 * something else works on the table (a failover, a conversion to partitions), and remembers what
 * the database acknowledged.
 *
 * <p>The insert is the caller's SQL with one {@code ?}, set to a sequence number that grows by one
 * per row attempted (a failed row's number is not reused), and a {@code RETURNING} clause whose
 * first column is the row's key (a bigint); a second column, when there is one, is kept beside
 * the key as text ({@link Ack#detail()}, for example the server that ran it). Each transaction
 * inserts {@link Builder#rowsPerTransaction} rows (one: a single autocommitted statement) and
 * its keys count as acknowledged once its COMMIT has returned. An error fails the transaction:
 * it is counted, its first messages kept, the connection dropped, and after a pause the writer goes
 * on with the next sequence number; a key of a failed transaction is never acknowledged (the row
 * may or may not exist when the connection was lost during the COMMIT).
 *
 * <p>Optionally, every n-th insert transaction is followed by an UPDATE and/or a DELETE of one
 * acknowledged, not yet deleted key chosen at random (the caller's SQL, its one {@code ?} the key),
 * each in a transaction of its own. A deleted key is remembered; a DELETE that failed leaves its key
 * {@linkplain Summary#uncertainKeys() uncertain}; an UPDATE or DELETE that matched no row records its
 * key as {@linkplain Summary#keysNotFound() not found}: a row that should have been there.
 *
 * <p>Pacing: insert transactions start at {@link Builder#transactionsPerSecond} (updates and deletes
 * come on top); one that takes longer than the interval delays the next, there is no burst to
 * catch up. A transaction's latency runs from its first statement to the return of its COMMIT,
 * and includes getting the connection when the writer takes one {@linkplain
 * Builder#connectionPerTransaction per transaction} (not the one-off connect of a kept connection).
 */
public final class ConcurrentWriter implements AutoCloseable {

    /** How many failure messages a summary keeps. */
    static final int FIRST_FAILURES = 10;
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    /** What a transaction did. */
    public enum Operation {
        INSERT, UPDATE, DELETE
    }

    /**
     * One acknowledged row: its sequence number, its key, the second returned column as text (or
     * null), and {@link System#nanoTime()} when its transaction's COMMIT returned, and how long
     * that transaction took.
     */
    public record Ack(long sequence, long key, String detail, long committedNanos, long latencyNanos) {
    }

    /**
     * What the writer did, from its start to its stop.
     *
     * @param insertTransactions insert transactions committed
     * @param rowsInserted       rows those transactions inserted (= acknowledged keys)
     * @param updates            UPDATE transactions committed
     * @param deletes            DELETE transactions committed
     * @param failedTransactions transactions of any kind that failed
     * @param firstFailures      the first {@value #FIRST_FAILURES} failures, as {@code <operation> #<sequence or key>: <message>}
     * @param slowestCommit      the longest transaction that committed
     * @param slowestOperation   what it did (null when nothing committed)
     * @param slowestStartedAfter when it started, counted from the writer's start
     * @param acknowledgedKeys   every key an insert returned and committed, in commit order
     * @param deletedKeys        acknowledged keys a committed DELETE removed
     * @param uncertainKeys      acknowledged keys whose DELETE failed: they may be gone or still there
     * @param keysNotFound       acknowledged keys an UPDATE or DELETE found no row for
     */
    public record Summary(Duration elapsed, long insertTransactions, long rowsInserted, long updates, long deletes,
            long failedTransactions, List<String> firstFailures, Duration slowestCommit, Operation slowestOperation,
            Duration slowestStartedAfter, Set<Long> acknowledgedKeys, Set<Long> deletedKeys, Set<Long> uncertainKeys,
            Set<Long> keysNotFound) {

        /** The keys the table must hold at the end: acknowledged, neither deleted nor uncertain. */
        public Set<Long> expectedKeys() {
            Set<Long> expected = new LinkedHashSet<>(acknowledgedKeys);
            expected.removeAll(deletedKeys);
            expected.removeAll(uncertainKeys);
            return expected;
        }

        /** Committed insert transactions per second over the writer's life. */
        public double insertTransactionsPerSecond() {
            return elapsed.isZero() ? 0 : insertTransactions / (elapsed.toNanos() / 1e9);
        }

        /** One line: counts, the slowest commit, the first failure. */
        public String describe() {
            return String.format("%,d insert transactions (%,d rows, %.1f/s), %,d updates, %,d deletes, %,d failed%s;"
                    + " slowest commit %d ms (%s, %.1f s after the start)",
                    insertTransactions, rowsInserted, insertTransactionsPerSecond(), updates, deletes, failedTransactions,
                    firstFailures.isEmpty() ? "" : " (first: " + firstFailures.get(0) + ")", slowestCommit.toMillis(),
                    slowestOperation == null ? "none" : slowestOperation.name().toLowerCase(java.util.Locale.ROOT),
                    slowestStartedAfter.toNanos() / 1e9);
        }
    }

    /** A writer of {@code insertSql} (one {@code ?}, RETURNING the key first) through {@code dataSource}. */
    public static Builder writing(DataSource dataSource, String insertSql) {
        return new Builder(dataSource, insertSql);
    }

    /** How the writer writes; {@link #build()} or {@link #start()} at the end. */
    public static final class Builder {
        private final DataSource dataSource;
        private final String insertSql;
        private double transactionsPerSecond = 100;
        private int rowsPerTransaction = 1;
        private long firstSequence = 1;
        private boolean connectionPerTransaction;
        private Duration pauseAfterEach = Duration.ZERO;
        private Duration pauseAfterFailure = Duration.ofMillis(100);
        private Duration stopWithin = Duration.ofSeconds(90);
        private String updateSql;
        private int updateEvery;
        private String deleteSql;
        private int deleteEvery;
        private String applicationName;
        private String threadName = "concurrent-writer";
        private long seed = 42;

        private Builder(DataSource dataSource, String insertSql) {
            this.dataSource = dataSource;
            this.insertSql = insertSql;
        }

        /** Insert transactions started per second; 0 or less: one after the other (default 100). */
        public Builder transactionsPerSecond(double rate) {
            this.transactionsPerSecond = rate;
            return this;
        }

        /** Rows (executions of the insert) per transaction (default 1: one autocommitted statement). */
        public Builder rowsPerTransaction(int rows) {
            if (rows < 1) {
                throw new IllegalArgumentException("rowsPerTransaction must be at least 1");
            }
            this.rowsPerTransaction = rows;
            return this;
        }

        /** The first sequence number (default 1). */
        public Builder firstSequence(long first) {
            this.firstSequence = first;
            return this;
        }

        /**
         * A connection from the DataSource for every transaction, closed after it (fresh, or back to
         * its pool); by default one connection is kept and replaced only after a failure.
         */
        public Builder connectionPerTransaction(boolean perTransaction) {
            this.connectionPerTransaction = perTransaction;
            return this;
        }

        /** A pause after every insert transaction, besides the rate (default none). */
        public Builder pauseAfterEach(Duration pause) {
            this.pauseAfterEach = pause;
            return this;
        }

        /** The pause after a failed transaction (default 100 ms). */
        public Builder pauseAfterFailure(Duration pause) {
            this.pauseAfterFailure = pause;
            return this;
        }

        /**
         * How long {@link ConcurrentWriter#stop()} waits for the transaction in flight (default 90 s)
         * before it cancels its statement.
         */
        public Builder stopWithin(Duration patience) {
            this.stopWithin = patience;
            return this;
        }

        /** After every {@code everyNthInsert}-th insert transaction, {@code updateSql} with a random live key. */
        public Builder updates(String updateSql, int everyNthInsert) {
            this.updateSql = updateSql;
            this.updateEvery = everyNthInsert;
            return this;
        }

        /** After every {@code everyNthInsert}-th insert transaction, {@code deleteSql} with a random live key. */
        public Builder deletes(String deleteSql, int everyNthInsert) {
            this.deleteSql = deleteSql;
            this.deleteEvery = everyNthInsert;
            return this;
        }

        /** The application_name of the writer's sessions (default: the DataSource's). */
        public Builder applicationName(String name) {
            this.applicationName = name;
            return this;
        }

        /** The writer thread's name. */
        public Builder threadName(String name) {
            this.threadName = name;
            return this;
        }

        /** The seed of the choice of keys to update and delete (default 42). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The writer, not started yet. */
        public ConcurrentWriter build() {
            return new ConcurrentWriter(this);
        }

        /** The writer, started. */
        public ConcurrentWriter start() {
            return build().start();
        }
    }

    private final Builder config;
    private final Thread thread;
    private final List<Ack> acks = new ArrayList<>();
    private final AtomicLong insertTransactions = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final List<String> firstFailures = Collections.synchronizedList(new ArrayList<>());
    private final Random random;

    // the writer thread's own state; read by stop() after the thread has ended
    private final List<Long> liveKeys = new ArrayList<>();
    private final Set<Long> deletedKeys = new LinkedHashSet<>();
    private final Set<Long> uncertainKeys = new LinkedHashSet<>();
    private final Set<Long> keysNotFound = new LinkedHashSet<>();
    private long updates;
    private long deletes;
    private long slowestNanos = -1;
    private Operation slowestOperation;
    private long slowestStartedAt;
    private long nextSequence;
    private Connection connection;

    private volatile boolean running;
    private volatile Statement inFlight;
    private volatile long startedAt;
    private volatile long stoppedAt;
    private Summary summary;

    private ConcurrentWriter(Builder config) {
        this.config = config;
        this.random = new Random(config.seed);
        this.nextSequence = config.firstSequence;
        this.thread = new Thread(this::run, config.threadName);
        this.thread.setDaemon(true);
    }

    /** Starts writing; returns this writer. */
    public synchronized ConcurrentWriter start() {
        if (startedAt != 0) {
            throw new IllegalStateException("the writer has been started already");
        }
        running = true;
        startedAt = System.nanoTime();
        thread.start();
        return this;
    }

    /** The rows acknowledged so far, in commit order. */
    public List<Ack> acks() {
        synchronized (acks) {
            return List.copyOf(acks);
        }
    }

    /** How many rows have been acknowledged so far. */
    public int acknowledged() {
        synchronized (acks) {
            return acks.size();
        }
    }

    /** Committed insert transactions so far. */
    public long insertTransactions() {
        return insertTransactions.get();
    }

    /** Failed transactions so far. */
    public long failures() {
        return failed.get();
    }

    /** Waits until {@code rows} rows have been acknowledged; false if that took longer than {@code atMost}. */
    public boolean awaitAcknowledged(int rows, Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (acknowledged() < rows) {
            if (System.nanoTime() > deadline || !thread.isAlive()) {
                return acknowledged() >= rows;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        return true;
    }

    /**
     * Stops after the transaction in flight (cancelling its statement when it has not ended within
     * {@link Builder#stopWithin}) and returns once the writer's connection is closed, with what it
     * did. Calling it again returns the same summary.
     */
    public synchronized Summary stop() {
        if (summary != null) {
            return summary;
        }
        running = false;
        try {
            thread.join(config.stopWithin.toMillis());
            if (thread.isAlive()) {
                Statement statement = inFlight;
                if (statement != null) {
                    try {
                        statement.cancel();
                    } catch (SQLException ignored) {
                        // it ended meanwhile
                    }
                }
                thread.join(TimeUnit.SECONDS.toMillis(30));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            throw new IllegalStateException("the writer " + config.threadName + " did not stop");
        }
        long end = stoppedAt == 0 ? System.nanoTime() : stoppedAt;
        Set<Long> acknowledgedKeys = new LinkedHashSet<>();
        acks().forEach(a -> acknowledgedKeys.add(a.key()));
        summary = new Summary(Duration.ofNanos(startedAt == 0 ? 0 : end - startedAt), insertTransactions.get(),
                acknowledgedKeys.size(), updates, deletes, failed.get(), List.copyOf(firstFailures),
                Duration.ofNanos(Math.max(0, slowestNanos)), slowestOperation,
                Duration.ofNanos(slowestOperation == null ? 0 : slowestStartedAt - startedAt),
                Collections.unmodifiableSet(acknowledgedKeys), Collections.unmodifiableSet(new LinkedHashSet<>(deletedKeys)),
                Collections.unmodifiableSet(new LinkedHashSet<>(uncertainKeys)),
                Collections.unmodifiableSet(new LinkedHashSet<>(keysNotFound)));
        return summary;
    }

    @Override
    public void close() {
        if (startedAt != 0) {
            stop();
        }
    }

    private void run() {
        long interval = config.transactionsPerSecond > 0 ? (long) (1e9 / config.transactionsPerSecond) : 0;
        long nextStart = System.nanoTime();
        long round = 0;
        try {
            while (running) {
                long now = System.nanoTime();
                if (now < nextStart) {
                    LockSupport.parkNanos(Math.min(nextStart - now, IDLE_PARK_NANOS));
                    continue;
                }
                nextStart = Math.max(nextStart, now) + interval;
                boolean inserted = insert();
                round++;
                if (inserted && running && config.updateSql != null && config.updateEvery > 0
                        && round % config.updateEvery == 0) {
                    change(Operation.UPDATE, config.updateSql);
                }
                if (inserted && running && config.deleteSql != null && config.deleteEvery > 0
                        && round % config.deleteEvery == 0) {
                    change(Operation.DELETE, config.deleteSql);
                }
                if (!config.pauseAfterEach.isZero()) {
                    LockSupport.parkNanos(config.pauseAfterEach.toNanos());
                }
            }
        } finally {
            stoppedAt = System.nanoTime();
            dropConnection();
        }
    }

    /** One insert transaction; true when it committed. */
    private boolean insert() {
        long first = nextSequence;
        nextSequence += config.rowsPerTransaction;
        long asked = System.nanoTime();
        long start = asked;
        List<long[]> keys = new ArrayList<>(config.rowsPerTransaction);
        List<String> details = new ArrayList<>(config.rowsPerTransaction);
        try {
            Connection c = connection();
            start = config.connectionPerTransaction ? asked : System.nanoTime();
            try (PreparedStatement ps = c.prepareStatement(config.insertSql)) {
                inFlight = ps;
                for (int i = 0; i < config.rowsPerTransaction; i++) {
                    ps.setLong(1, first + i);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            throw new SQLException("the insert returned no row; it needs RETURNING <key>");
                        }
                        keys.add(new long[] { first + i, rs.getLong(1) });
                        details.add(rs.getMetaData().getColumnCount() > 1 ? rs.getString(2) : null);
                    }
                }
            }
            commit(c);
            long end = System.nanoTime();
            committed(Operation.INSERT, start, end);
            synchronized (acks) {
                for (int i = 0; i < keys.size(); i++) {
                    acks.add(new Ack(keys.get(i)[0], keys.get(i)[1], details.get(i), end, end - start));
                }
            }
            keys.forEach(k -> liveKeys.add(k[1]));
            insertTransactions.incrementAndGet();
            return true;
        } catch (SQLException e) {
            failed(Operation.INSERT, "#" + first, e);
            return false;
        } finally {
            inFlight = null;
            releaseAfterTransaction();
        }
    }

    /** One UPDATE or DELETE of a random live key, in its own transaction. */
    private void change(Operation operation, String sql) {
        if (liveKeys.isEmpty()) {
            return;
        }
        int index = random.nextInt(liveKeys.size());
        long key = liveKeys.get(index);
        if (operation == Operation.DELETE) {
            // swap-remove: the order of the live keys does not matter
            liveKeys.set(index, liveKeys.get(liveKeys.size() - 1));
            liveKeys.remove(liveKeys.size() - 1);
        }
        long asked = System.nanoTime();
        try {
            Connection c = connection();
            long start = config.connectionPerTransaction ? asked : System.nanoTime();
            int matched;
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                inFlight = ps;
                ps.setLong(1, key);
                matched = ps.executeUpdate();
            }
            commit(c);
            committed(operation, start, System.nanoTime());
            if (matched == 0) {
                keysNotFound.add(key);
            }
            if (operation == Operation.DELETE) {
                deletes++;
                deletedKeys.add(key);
            } else {
                updates++;
            }
        } catch (SQLException e) {
            if (operation == Operation.DELETE) {
                uncertainKeys.add(key);
            }
            failed(operation, "key " + key, e);
        } finally {
            inFlight = null;
            releaseAfterTransaction();
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            Connection c = config.dataSource.getConnection();
            try {
                if (config.applicationName != null) {
                    c.setClientInfo("ApplicationName", config.applicationName);
                }
                c.setAutoCommit(config.rowsPerTransaction == 1);
            } catch (SQLException e) {
                close(c);
                throw e;
            }
            connection = c;
        }
        return connection;
    }

    private static void commit(Connection c) throws SQLException {
        if (!c.getAutoCommit()) {
            c.commit();
        }
    }

    private void committed(Operation operation, long start, long end) {
        if (end - start > slowestNanos) {
            slowestNanos = end - start;
            slowestOperation = operation;
            slowestStartedAt = start;
        }
    }

    private void failed(Operation operation, String what, SQLException e) {
        failed.incrementAndGet();
        synchronized (firstFailures) {
            if (firstFailures.size() < FIRST_FAILURES) {
                firstFailures.add(operation.name().toLowerCase(java.util.Locale.ROOT) + " " + what + ": "
                        + (e.getSQLState() == null ? "" : e.getSQLState() + " ") + e.getMessage());
            }
        }
        // the connection may be broken, or in a failed transaction: start again with a new one
        dropConnection();
        if (running && !config.pauseAfterFailure.isZero()) {
            LockSupport.parkNanos(config.pauseAfterFailure.toNanos());
        }
    }

    private void releaseAfterTransaction() {
        if (config.connectionPerTransaction) {
            dropConnection();
        }
    }

    private void dropConnection() {
        Connection c = connection;
        connection = null;
        if (c != null) {
            try {
                if (!c.isClosed() && !c.getAutoCommit()) {
                    c.rollback();
                }
            } catch (SQLException ignored) {
                // closing it below ends the transaction anyway
            }
            close(c);
        }
    }

    private static void close(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // the connection is gone already
        }
    }
}
