package io.workflowdb.operator.e2e;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import org.postgresql.ds.PGSimpleDataSource;

import io.workflowdb.operator.testing.ConcurrentWriter;
import io.workflowdb.operator.testing.Timeouts;

/**
 * A client that commits one row per transaction, each with a new id, through PgBouncer, and
 * remembers every id whose COMMIT came back OK, with when and which server (address:port the
 * PostgreSQL backend saw) acknowledged it. Connection errors are expected during a failover: the
 * writer reconnects and goes on with the next id. An id whose commit failed is not remembered; it
 * may or may not be in the table. The writing is {@link ConcurrentWriter}'s, unpaced with a short
 * pause between commits.
 */
final class AckingWriter implements AutoCloseable {

    static final String TABLE = "e2e_acknowledged";
    static final String CREATE_TABLE = "CREATE TABLE IF NOT EXISTS " + TABLE
            + " (id bigint PRIMARY KEY, server text NOT NULL, committed_at timestamptz NOT NULL DEFAULT now())";
    /** What an insert returns after the id to name the server that ran it, as address:port. */
    static final String SERVER = "host(inet_server_addr()) || ':' || inet_server_port()";
    private static final String INSERT = "INSERT INTO " + TABLE + " (id, server)"
            + " VALUES (?, " + SERVER + ") RETURNING id, server";
    /** Between commits, so that three PostgreSQL servers, Patroni and etcd keep some of the two cores. */
    private static final Duration PAUSE = Duration.ofMillis(2);
    private static final Duration RECONNECT_PAUSE = Duration.ofMillis(100);
    private static final Duration STOP_WITHIN = Duration.ofSeconds(90);

    /** One acknowledged commit: {@code nanos} from {@link System#nanoTime()} when COMMIT returned. */
    record Ack(long id, long nanos, String server) {
    }

    private final ConcurrentWriter writer;

    AckingWriter(String host, int port, String database, String user, String password, Path caFile) {
        this(host, port, database, user, password, INSERT, 1, caFile);
    }

    /**
     * A writer of other rows: {@code insert} takes the new id as its one parameter and returns the
     * id, then {@link #SERVER}; ids start at {@code firstId}.
     */
    AckingWriter(String host, int port, String database, String user, String password, String insert, long firstId,
            Path caFile) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
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
        writer = ConcurrentWriter.writing(dataSource, insert)
                .firstSequence(firstId)
                .transactionsPerSecond(0)
                .pauseAfterEach(PAUSE)
                .pauseAfterFailure(RECONNECT_PAUSE)
                .stopWithin(STOP_WITHIN)
                .threadName("acking-writer")
                .build();
    }

    void start() {
        writer.start();
    }

    List<Ack> acks() {
        return writer.acks().stream().map(a -> new Ack(a.key(), a.committedNanos(), a.detail())).toList();
    }

    Optional<Ack> firstAck(Predicate<Ack> matching) {
        return acks().stream().filter(matching).findFirst();
    }

    int failures() {
        return (int) writer.failures();
    }

    /** Waits until this writer has made {@code n} commits. */
    void awaitCommits(int n, String what) {
        await(what).atMost(Timeouts.COMMITS).until(() -> writer.acknowledged() >= n);
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
        writer.stop();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
