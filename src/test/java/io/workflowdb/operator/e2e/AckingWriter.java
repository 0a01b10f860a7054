package io.workflowdb.operator.e2e;

import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

import org.postgresql.ds.PGSimpleDataSource;
import java.time.Duration;
import io.workflowdb.operator.testing.Timeouts;

/**
 * A client that commits one row per transaction, each with a new id, through PgBouncer, and
 * remembers every id whose COMMIT came back OK, with when and which server (address:port the
 * PostgreSQL backend saw) acknowledged it. Connection errors are expected during a failover: the
 * writer reconnects and goes on with the next id. An id whose commit failed is not remembered; it
 * may or may not be in the table.
 */
final class AckingWriter implements AutoCloseable {

    static final String TABLE = "e2e_acknowledged";
    static final String CREATE_TABLE = "CREATE TABLE IF NOT EXISTS " + TABLE
            + " (id bigint PRIMARY KEY, server text NOT NULL, committed_at timestamptz NOT NULL DEFAULT now())";
    private static final String INSERT = "INSERT INTO " + TABLE + " (id, server)"
            + " VALUES (?, host(inet_server_addr()) || ':' || inet_server_port()) RETURNING server";
    /** What an insert returns to name the server that ran it, as address:port. */
    static final String SERVER = "host(inet_server_addr()) || ':' || inet_server_port()";
    /** Between commits, so that three PostgreSQL servers, Patroni and etcd keep some of the two cores. */
    private static final long PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    private static final long RECONNECT_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /** One acknowledged commit: {@code nanos} from {@link System#nanoTime()} when COMMIT returned. */
    record Ack(long id, long nanos, String server) {
    }

    private final PGSimpleDataSource dataSource;
    private final String insert;
    private final List<Ack> acks = new ArrayList<>();
    private final AtomicLong nextId;
    private final AtomicInteger failures = new AtomicInteger();
    private final Thread thread;
    private volatile boolean running = true;

    AckingWriter(String host, int port, String database, String user, String password, java.nio.file.Path caFile) {
        this(host, port, database, user, password, INSERT, 1, caFile);
    }

    /**
     * A writer of other rows: {@code insert} takes the new id as its one parameter and returns
     * {@link #SERVER} as its one column; ids start at {@code firstId}.
     */
    AckingWriter(String host, int port, String database, String user, String password, String insert, long firstId,
            java.nio.file.Path caFile) {
        this.insert = insert;
        this.nextId = new AtomicLong(firstId);
        dataSource = new PGSimpleDataSource();
        dataSource.setServerNames(new String[] { host });
        dataSource.setPortNumbers(new int[] { port });
        dataSource.setDatabaseName(database);
        dataSource.setUser(user);
        dataSource.setPassword(password);
        // transaction pooling: no named server-side prepared statements
        dataSource.setPrepareThreshold(0);
        dataSource.setConnectTimeout(5);
        dataSource.setSocketTimeout(60);
        dataSource.setApplicationName("workflowdb-e2e-writer");
        // pg_hba.conf has hostssl rules only: TLS, the server verified against the cluster's CA by name
        dataSource.setSslMode("verify-full");
        dataSource.setSslRootCert(caFile.toString());
        thread = new Thread(this::run, "acking-writer");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        Connection connection = null;
        while (running) {
            try {
                if (connection == null) {
                    connection = dataSource.getConnection();
                    connection.setAutoCommit(true);
                }
                long id = nextId.getAndIncrement();
                String server = insert(connection, id);
                long now = System.nanoTime();
                synchronized (acks) {
                    acks.add(new Ack(id, now, server));
                }
                LockSupport.parkNanos(PAUSE_NANOS);
            } catch (SQLException expectedDuringFailover) {
                failures.incrementAndGet();
                closeQuietly(connection);
                connection = null;
                LockSupport.parkNanos(RECONNECT_PAUSE_NANOS);
            }
        }
        closeQuietly(connection);
    }

    /** Autocommit: the INSERT is its own transaction, and returning normally means its COMMIT succeeded. */
    private String insert(Connection connection, long id) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(insert)) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    List<Ack> acks() {
        synchronized (acks) {
            return List.copyOf(acks);
        }
    }

    Optional<Ack> firstAck(Predicate<Ack> matching) {
        synchronized (acks) {
            return acks.stream().filter(matching).findFirst();
        }
    }

    int failures() {
        return failures.get();
    }

    /** Waits until this writer has made {@code n} commits. */
    void awaitCommits(int n, String what) {
        await(what).atMost(Timeouts.COMMITS).until(() -> acks().size() >= n);
    }

    /** Waits until this writer has committed on {@code server} (member {@code member}) within the last second. */
    void awaitRecentCommitOn(String server, String member) {
        await("commits on " + member + " before it is killed").atMost(Timeouts.COMMITS)
                .until(() -> firstAck(a -> a.server().equals(server)
                        && a.nanos() > System.nanoTime() - Duration.ofSeconds(1).toNanos()).isPresent());
    }

    /** Waits for the first commit after {@code since} (nanoTime) on another server than {@code server}. */
    Ack awaitCommitElsewhere(long since, String server, String what) {
        return await(what).atMost(Timeouts.FAILOVER).pollInterval(Duration.ofMillis(50))
                .until(() -> firstAck(a -> a.nanos() > since && !a.server().equals(server)), Optional::isPresent)
                .orElseThrow();
    }

    /** Stops after the commit in flight and returns once the writer's connection is closed. */
    void stop() throws InterruptedException {
        running = false;
        thread.join(TimeUnit.SECONDS.toMillis(90));
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the connection is gone already
            }
        }
    }
}
