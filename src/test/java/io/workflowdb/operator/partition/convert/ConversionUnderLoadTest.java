package io.workflowdb.operator.partition.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;

import javax.sql.DataSource;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.workflowdb.operator.api.v1alpha1.ConversionStatus.Phase;
import io.workflowdb.operator.api.v1alpha1.PartitionPolicySpec;
import io.workflowdb.operator.partition.convert.OnlineConversion.Report;
import io.workflowdb.operator.partition.convert.OnlineConversion.Result;
import io.workflowdb.operator.testing.ConcurrentWriter;
import io.workflowdb.operator.testing.DebianPostgres;
import io.workflowdb.operator.testing.Sql;
import io.workflowdb.operator.testing.TestPostgres;

/**
 * Both strategies on populated tables while a writer inserts, updates and deletes throughout, on
 * the embedded PostgreSQL 17 and on Debian's PostgreSQL 15 (no identity columns on partitioned
 * tables there). Before the swap the two tables hold the same rows in one snapshot; after it the
 * writer saw no failure, no commit waited a second, and every acknowledged row not deleted is there.
 */
class ConversionUnderLoadTest {

    static final int ROWS = 20_000;

    @ParameterizedTest(name = "{0} on PostgreSQL {1}")
    @CsvSource({ "range, 17", "hash, 17", "range, 15", "hash, 15" })
    void convertsWhileTheApplicationWrites(String strategy, int server) throws Exception {
        Function<String, DataSource> databases = server == 15 ? DebianPostgres::freshDatabase : TestPostgres::freshDatabase;
        if (server == 15) {
            assertThat(DebianPostgres.majorVersion()).isEqualTo(15);
        }
        DataSource db = databases.apply("conv_load_" + strategy);
        Sql.execute(db, """
                CREATE TABLE events (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    task_id bigint NOT NULL,
                    occurred_at timestamptz NOT NULL,
                    touched integer NOT NULL DEFAULT 0)""",
                "INSERT INTO events (task_id, occurred_at) SELECT g % 1000, now() - (g % 700) * interval '1 day'"
                        + " FROM generate_series(1, " + ROWS + ") g",
                "CREATE VIEW touched_events AS SELECT id FROM events WHERE touched > 0",
                "ANALYZE events");
        PartitionPolicySpec spec = "range".equals(strategy) ? ConversionFixtures.monthly("events", "occurred_at")
                : ConversionFixtures.hashed("events", "task_id", 8);
        spec.conversion.extendPrimaryKey = true;
        spec.conversion.batchSize = 500;
        spec.conversion.pauseMillis = 5;

        ConcurrentWriter.Summary summary;
        try (ConcurrentWriter writer = ConcurrentWriter.writing(db, "INSERT INTO events (task_id, occurred_at)"
                + " VALUES (? % 1000, now() - (? % 700) * interval '1 day') RETURNING id".replaceFirst("\\? % 700", "random() * 700"))
                .transactionsPerSecond(200)
                .updates("UPDATE events SET touched = touched + 1, occurred_at = occurred_at - interval '1 day' WHERE id = ?", 3)
                .deletes("DELETE FROM events WHERE id = ?", 5)
                .start()) {
            assertThat(writer.awaitAcknowledged(20, Duration.ofSeconds(10))).isTrue();
            long[] differing = { -1 };
            Report report = untilEnd(db, spec, new OnlineConversion.Listener() {
                @Override
                public void batch(ConversionProgress.State state, long rows) {
                }

                @Override
                public void phase(Phase phase, String message) {
                    if (phase == Phase.Swapping) {
                        differing[0] = differences(db, "events", "events_wfdb_new");
                    }
                }
            });
            assertThat(report.result()).as(report.toString()).isEqualTo(Result.DONE);
            assertThat(differing[0]).as("rows differing between the tables just before the swap").isZero();
            Thread.sleep(500);
            summary = writer.stop();
        }

        assertThat(summary.failedTransactions()).as(summary.describe()).isZero();
        assertThat(summary.slowestCommit()).as(summary.describe()).isLessThan(Duration.ofSeconds(1));
        assertThat(summary.updates()).isPositive();
        assertThat(summary.deletes()).isPositive();
        Set<Long> expected = new HashSet<>(summary.expectedKeys());
        Set<Long> present = ids(db, "SELECT id FROM events WHERE id > " + ROWS);
        assertThat(present).as("every acknowledged row not deleted, and no other").isEqualTo(expected);
        assertThat(Sql.count(db, "SELECT count(*) FROM events WHERE id <= " + ROWS))
                .isEqualTo(ROWS - summary.deletedKeys().stream().filter(k -> k <= ROWS).count());
        assertThat(Sql.strings(db, "SELECT relkind::text FROM pg_class WHERE oid = 'events'::regclass")).containsExactly("p");
        assertThat(Sql.count(db, "SELECT count(*) FROM touched_events"))
                .isEqualTo(Sql.count(db, "SELECT count(*) FROM events WHERE touched > 0"));
        long before = Sql.count(db, "SELECT max(id) FROM events");
        Sql.execute(db, "INSERT INTO events (task_id, occurred_at) VALUES (1, now())");
        assertThat(Sql.count(db, "SELECT max(id) FROM events")).as("the identity goes on").isGreaterThan(before);
    }

    /** Calls the conversion in short slices until it ends; the report of the last call. */
    private static Report untilEnd(DataSource db, PartitionPolicySpec spec, OnlineConversion.Listener listener)
            throws Exception {
        for (int i = 0; i < 10_000; i++) {
            Report report;
            try (Connection c = db.getConnection()) {
                report = OnlineConversion.run(c, spec, ConversionFixtures.NOW, Duration.ofMillis(300), null, listener);
            }
            if (report.result() != Result.IN_PROGRESS && report.result() != Result.WAITING) {
                return report;
            }
        }
        throw new AssertionError("the conversion never ended");
    }

    /** Rows in one table and not the other, both ways, in one snapshot. */
    private static long differences(DataSource db, String a, String b) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT"
                    + " (SELECT count(*) FROM (SELECT * FROM " + a + " EXCEPT SELECT * FROM " + b + ") x)"
                    + " + (SELECT count(*) FROM (SELECT * FROM " + b + " EXCEPT SELECT * FROM " + a + ") y)")) {
                rs.next();
                return rs.getLong(1);
            } finally {
                c.rollback();
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Set<Long> ids(DataSource db, String sql) throws Exception {
        Set<Long> ids = new HashSet<>();
        try (Connection c = db.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }
}
