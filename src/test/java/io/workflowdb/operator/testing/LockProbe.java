package io.workflowdb.operator.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

/**
 * The application's side of a lock test, while the operator runs DDL: one long reader that holds
 * AccessShareLock on what it read in an open transaction, short readers cycling through their
 * queries, and a writer committing small transactions, all throughout. Each client records its
 * slowest statement (for the writer: its slowest transaction, BEGIN to COMMIT) and every failure.
 * Closing stops the clients and ends the long reader's transaction, if it is still open.
 *
 * <pre>{@code
 * try (LockProbe probe = LockProbe.on(db)
 *         .longReader("SELECT count(*) FROM workflow_events", Duration.ofSeconds(30))
 *         .shortReads("SELECT count(*) FROM workflow_events", "SELECT max(id) FROM workflow_events")
 *         .writes("INSERT INTO workflow_events (...) VALUES (...)")
 *         .start()) {
 *     // run the DDL under test
 *     assertThat(probe.writer().slowest()).isLessThan(Duration.ofSeconds(1));
 * }
 * }</pre>
 */
public final class LockProbe implements AutoCloseable {

    /** Between two statements of a client: enough to keep a 2-core machine responsive. */
    private static final Duration PAUSE = Duration.ofMillis(20);
    /** No client statement may hang a test for ever, whatever the DDL under test does. */
    private static final String CLIENT_STATEMENT_TIMEOUT = "120s";

    /** One client's record: how many statements (or transactions) it completed, its slowest, its failures. */
    public record Client(String name, int completed, Duration slowest, String slowestStatement, List<String> failures) {

        @Override
        public String toString() {
            return name + ": " + completed + " done, slowest " + slowest.toMillis() + " ms (" + slowestStatement + ")"
                    + (failures.isEmpty() ? "" : ", failures " + failures);
        }
    }

    /** What to start: the long read and how long it holds, the short reads, the writer's statements. */
    public static final class Builder {
        private final DataSource db;
        private String longRead;
        private Duration hold;
        private boolean releaseSnapshot;
        private final List<String> shortReads = new ArrayList<>();
        private int shortReaders = 2;
        private final List<String> writes = new ArrayList<>();

        private Builder(DataSource db) {
            this.db = db;
        }

        /** The long reader runs {@code sql} in a transaction it keeps open for {@code hold}. */
        public Builder longReader(String sql, Duration hold) {
            this.longRead = sql;
            this.hold = hold;
            return this;
        }

        /**
         * The long reader keeps its locks but lets go of its snapshot, as a client on the simple query
         * protocol (psql) leaves an idle transaction. By default it keeps one, as a JDBC client does
         * (the driver's last portal holds it), and a snapshot holds up what waits for older ones, such
         * as CREATE INDEX CONCURRENTLY.
         */
        public Builder withoutSnapshot() {
            this.releaseSnapshot = true;
            return this;
        }

        /** Each short reader runs these in turn, one autocommit statement at a time. */
        public Builder shortReads(String... sql) {
            shortReads.addAll(List.of(sql));
            return this;
        }

        public Builder shortReaders(int count) {
            this.shortReaders = count;
            return this;
        }

        /** The writer runs these in one transaction, again and again. */
        public Builder writes(String... sql) {
            writes.addAll(List.of(sql));
            return this;
        }

        /** Starts every client; returns once the long reader holds its locks and each client completed once. */
        public LockProbe start() throws SQLException, InterruptedException {
            LockProbe probe = new LockProbe(this);
            probe.begin();
            return probe;
        }
    }

    private final Builder spec;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final CountDownLatch longReaderDone = new CountDownLatch(1);
    private final List<Recorder> recorders = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private Connection longReader;
    private Thread longReaderThread;
    private volatile boolean longReaderOpen = true;

    private LockProbe(Builder spec) {
        this.spec = spec;
    }

    public static Builder on(DataSource db) {
        return new Builder(db);
    }

    /** The long reader's transaction is still open: it has not yet sent its COMMIT. */
    public boolean longReaderOpen() {
        return longReaderOpen;
    }

    /** Waits until the long reader has committed (its hold ran out, or the probe was closed). */
    public void awaitLongReaderEnd(Duration atMost) throws InterruptedException {
        if (!longReaderDone.await(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("the long reader is still open after " + atMost);
        }
    }

    /** The writer's record so far. */
    public Client writer() {
        return recorders.get(0).snapshot();
    }

    /** The short readers' records so far, folded into one: the slowest of them all, every failure. */
    public Client readers() {
        Client folded = null;
        for (Recorder r : recorders.subList(1, recorders.size())) {
            Client c = r.snapshot();
            if (folded == null) {
                folded = new Client("short readers", c.completed(), c.slowest(), c.slowestStatement(), c.failures());
            } else {
                List<String> failures = new ArrayList<>(folded.failures());
                failures.addAll(c.failures());
                boolean slower = c.slowest().compareTo(folded.slowest()) > 0;
                folded = new Client("short readers", folded.completed() + c.completed(),
                        slower ? c.slowest() : folded.slowest(), slower ? c.slowestStatement() : folded.slowestStatement(),
                        failures);
            }
        }
        return folded;
    }

    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        if (longReaderThread != null) {
            longReaderThread.interrupt();
            longReaderThread.join(TimeUnit.SECONDS.toMillis(30));
        }
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(30));
        }
    }

    private void begin() throws SQLException, InterruptedException {
        longReader = spec.db.getConnection();
        longReader.setAutoCommit(false);
        try (Statement st = longReader.createStatement()) {
            st.executeQuery(spec.longRead).close();
            if (spec.releaseSnapshot) {
                // a statement that needs no snapshot replaces the portal that held one
                st.execute("SET LOCAL application_name = 'lock probe long reader'");
            }
        }
        longReaderThread = new Thread(this::holdLongReader, "long-reader");
        longReaderThread.setDaemon(true);
        longReaderThread.start();

        Recorder writer = new Recorder("writer");
        recorders.add(writer);
        threads.add(client(writer, spec.writes, true));
        for (int i = 0; i < spec.shortReaders; i++) {
            Recorder reader = new Recorder("short reader " + i);
            recorders.add(reader);
            threads.add(client(reader, rotate(spec.shortReads, i), false));
        }
        threads.forEach(Thread::start);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (recorders.stream().anyMatch(r -> r.snapshot().completed() == 0 && r.snapshot().failures().isEmpty())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the probe's clients did not start: " + recorders);
            }
            Thread.sleep(10);
        }
    }

    private void holdLongReader() {
        try {
            Thread.sleep(spec.hold.toMillis());
        } catch (InterruptedException closedEarly) {
            // close() ends the transaction now
        }
        // false from before the COMMIT: whatever ends after this may have found the locks free
        longReaderOpen = false;
        try (Connection c = longReader) {
            c.commit();
        } catch (SQLException ignored) {
            // the session ends with the connection either way, and its locks with it
        } finally {
            longReaderDone.countDown();
        }
    }

    /** A client thread: the writer runs its statements as one transaction, a reader one statement at a time. */
    private Thread client(Recorder recorder, List<String> statements, boolean transaction) {
        Thread t = new Thread(() -> {
            try (Connection c = spec.db.getConnection(); Statement st = c.createStatement()) {
                st.execute("SET statement_timeout = '" + CLIENT_STATEMENT_TIMEOUT + "'");
                int next = 0;
                while (!stop.get()) {
                    if (transaction) {
                        recorder.time(String.join("; ", statements), () -> {
                            c.setAutoCommit(false);
                            try {
                                for (String sql : statements) {
                                    st.execute(sql);
                                }
                                c.commit();
                            } catch (SQLException e) {
                                c.rollback();
                                throw e;
                            } finally {
                                c.setAutoCommit(true);
                            }
                        });
                    } else {
                        String sql = statements.get(next++ % statements.size());
                        recorder.time(sql, () -> st.execute(sql));
                    }
                    Thread.sleep(PAUSE.toMillis());
                }
            } catch (SQLException e) {
                recorder.fail("connection: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, recorder.name);
        t.setDaemon(true);
        return t;
    }

    private static List<String> rotate(List<String> statements, int by) {
        List<String> rotated = new ArrayList<>(statements);
        Collections.rotate(rotated, -by);
        return rotated;
    }

    private interface Timed {
        void run() throws SQLException;
    }

    /** One client's slowest statement and failures, written by its thread and read by the test's. */
    private static final class Recorder {
        private final String name;
        private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        private int completed;
        private long slowestNanos;
        private String slowestStatement = "";

        Recorder(String name) {
            this.name = name;
        }

        /** Times one statement or transaction; a failed one counts towards the slowest too. */
        void time(String sql, Timed work) {
            long started = System.nanoTime();
            boolean done = false;
            try {
                work.run();
                done = true;
            } catch (SQLException e) {
                fail(e.getMessage() + " (" + sql + ")");
            }
            long took = System.nanoTime() - started;
            synchronized (this) {
                completed += done ? 1 : 0;
                if (took > slowestNanos) {
                    slowestNanos = took;
                    slowestStatement = sql;
                }
            }
        }

        void fail(String message) {
            failures.add(message);
        }

        synchronized Client snapshot() {
            return new Client(name, completed, Duration.ofNanos(slowestNanos), slowestStatement, List.copyOf(failures));
        }

        @Override
        public String toString() {
            return snapshot().toString();
        }
    }
}
