package io.workflowdb.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ConcurrentWriterTest {

    private static DataSource db;

    @BeforeAll
    static void database() throws SQLException {
        db = TestPostgres.freshDatabase("concurrent_writer");
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE events (id bigserial PRIMARY KEY, occurred_at timestamptz NOT NULL,"
                    + " touched integer NOT NULL DEFAULT 0)");
            st.execute("CREATE TABLE picky (id bigserial PRIMARY KEY, n bigint NOT NULL CHECK (n % 10 <> 7))");
            st.execute("CREATE TABLE waiting (id bigserial PRIMARY KEY, n bigint NOT NULL)");
        }
    }

    @Test
    void insertsUpdatesAndDeletesAtTheRateAndAccountsForEveryKey() throws Exception {
        ConcurrentWriter.Summary summary;
        try (ConcurrentWriter running = ConcurrentWriter.writing(db,
                "INSERT INTO events (occurred_at) VALUES (now() - (? % 720) * interval '1 day') RETURNING id")
                .transactionsPerSecond(50)
                .updates("UPDATE events SET touched = touched + 1 WHERE id = ?", 3)
                .deletes("DELETE FROM events WHERE id = ?", 4)
                .applicationName("writer-under-test")
                .start()) {
            assertThat(running.awaitAcknowledged(10, Duration.ofSeconds(10))).isTrue();
            try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
                assertThat(count(st, "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'writer-under-test'"))
                        .isEqualTo(1);
            }
            Thread.sleep(2000);
            summary = running.stop();
            assertThat(running.stop()).isSameAs(summary);
        }

        // 50 per second for about two seconds; a slow start or a busy machine makes it fewer, never more
        assertThat(summary.elapsed()).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        double expected = 50 * summary.elapsed().toNanos() / 1e9;
        assertThat(summary.insertTransactions()).isBetween((long) (expected * 0.5), (long) expected + 2);
        assertThat(summary.rowsInserted()).isEqualTo(summary.insertTransactions());
        assertThat(summary.failedTransactions()).isZero();
        assertThat(summary.firstFailures()).isEmpty();
        // every third insert is followed by an update, every fourth by a delete (the last may be cut by the stop)
        assertThat(summary.updates()).isBetween(summary.insertTransactions() / 3 - 1, summary.insertTransactions() / 3);
        assertThat(summary.deletes()).isBetween(summary.insertTransactions() / 4 - 1, summary.insertTransactions() / 4);
        assertThat(summary.deletedKeys()).hasSize((int) summary.deletes()).isSubsetOf(summary.acknowledgedKeys());
        assertThat(summary.uncertainKeys()).isEmpty();
        assertThat(summary.keysNotFound()).isEmpty();
        assertThat(summary.slowestCommit()).isPositive();
        assertThat(summary.slowestOperation()).isNotNull();
        assertThat(summary.describe()).contains("0 failed");
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            assertThat(keys(st, "SELECT id FROM events")).isEqualTo(new TreeSet<>(summary.expectedKeys()));
            // every update that committed touched a row that is still there or was deleted later
            assertThat(count(st, "SELECT coalesce(sum(touched), 0) FROM events")).isLessThanOrEqualTo(summary.updates());
            assertThat(count(st, "SELECT count(*) FROM events WHERE occurred_at < now() - interval '720 days' - interval '1 minute'")).isZero();
        }
    }

    @Test
    void aFailedTransactionOfSeveralRowsLeavesNoneOfThemAndIsCounted() throws Exception {
        ConcurrentWriter.Summary summary;
        try (ConcurrentWriter writer = ConcurrentWriter.writing(db, "INSERT INTO picky (n) VALUES (?) RETURNING id, n")
                .transactionsPerSecond(0)
                .rowsPerTransaction(3)
                .connectionPerTransaction(true)
                .pauseAfterEach(Duration.ofMillis(5))
                .pauseAfterFailure(Duration.ZERO)
                .start()) {
            assertThat(writer.awaitAcknowledged(60, Duration.ofSeconds(20))).isTrue();
            summary = writer.stop();
            List<ConcurrentWriter.Ack> acks = writer.acks();
            // the second returned column, as text, beside each key
            assertThat(acks).allSatisfy(a -> assertThat(a.detail()).isEqualTo(String.valueOf(a.sequence())));
        }
        // every transaction of three consecutive numbers that holds one ending in 7 fails as a whole
        assertThat(summary.rowsInserted()).isEqualTo(3 * summary.insertTransactions());
        assertThat(summary.failedTransactions()).isPositive();
        assertThat(summary.firstFailures()).hasSizeLessThanOrEqualTo(ConcurrentWriter.FIRST_FAILURES)
                .allSatisfy(f -> assertThat(f).startsWith("insert #").contains("23514").contains("picky_n_check"));
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            assertThat(keys(st, "SELECT id FROM picky")).isEqualTo(new TreeSet<>(summary.acknowledgedKeys()));
            assertThat(count(st, "SELECT count(*) FROM picky")).isEqualTo(summary.rowsInserted());
        }
    }

    @Test
    void aLockHeldElsewhereShowsAsTheSlowestCommitAndStopCancelsAStatementThatWaitsTooLong() throws Exception {
        try (ConcurrentWriter writer = ConcurrentWriter.writing(db, "INSERT INTO waiting (n) VALUES (?) RETURNING id")
                .transactionsPerSecond(100)
                .stopWithin(Duration.ofMillis(300))
                .start()) {
            assertThat(writer.awaitAcknowledged(5, Duration.ofSeconds(10))).isTrue();
            try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
                c.setAutoCommit(false);
                st.execute("LOCK TABLE waiting IN ACCESS EXCLUSIVE MODE");
                Thread.sleep(600);
                c.commit();
            }
            assertThat(writer.awaitAcknowledged(writer.acknowledged() + 5, Duration.ofSeconds(10))).isTrue();
            try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
                c.setAutoCommit(false);
                st.execute("LOCK TABLE waiting IN ACCESS EXCLUSIVE MODE");
                Thread.sleep(200);
                ConcurrentWriter.Summary summary = writer.stop();
                c.commit();
                assertThat(summary.slowestCommit()).isGreaterThanOrEqualTo(Duration.ofMillis(500));
                assertThat(summary.slowestOperation()).isEqualTo(ConcurrentWriter.Operation.INSERT);
                // the insert waiting at the stop was cancelled
                assertThat(summary.failedTransactions()).isEqualTo(1);
                assertThat(summary.firstFailures()).singleElement().asString().contains("57014");
            }
        }
    }

    private static long count(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Set<Long> keys(Statement st, String sql) throws SQLException {
        Set<Long> keys = new TreeSet<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                keys.add(rs.getLong(1));
            }
        }
        return keys;
    }
}
