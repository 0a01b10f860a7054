package io.workflowdb.operator.schema.index;

import static io.workflowdb.operator.schema.index.IndexSpecs.column;
import static io.workflowdb.operator.schema.index.IndexSpecs.desc;
import static io.workflowdb.operator.schema.index.IndexSpecs.index;
import static io.workflowdb.operator.schema.index.IndexTestDatabase.catalog;
import static io.workflowdb.operator.schema.index.IndexTestDatabase.definition;
import static io.workflowdb.operator.schema.index.IndexTestDatabase.valid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import io.workflowdb.operator.api.v1alpha1.IndexSpec;
import io.workflowdb.operator.testing.Sql;

/** A changed definition is rebuilt while the application keeps writing, and the table is never without the index. */
class IndexSwapTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-01-15T10:00:00Z"), ZoneOffset.UTC);
    private static final String NAME = "idx_tasks_priority";

    @Test
    void aChangedDefinitionIsSwappedInWithoutAMomentWithoutTheIndex() throws Exception {
        DataSource database = IndexTestDatabase.create("idx_test_swap");
        Sql.execute(database, """
                INSERT INTO tasks (project_id, title, priority, created_at)
                SELECT g % 100, 'task ' || g, g % 5, timestamptz '2024-01-01' + g * interval '1 second'
                FROM generate_series(1, 300000) g""");
        IndexSpec before = index(NAME, "tasks", column("priority"));
        IndexSpec after = index(NAME, "tasks", desc("priority"), desc("created_at"));
        reconcile(database, before);

        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger inserted = new AtomicInteger();
        AtomicInteger polls = new AtomicInteger();
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        Thread writer = new Thread(() -> {
            try (Connection c = database.getConnection();
                    PreparedStatement insert = c.prepareStatement("INSERT INTO tasks (project_id, title, priority) VALUES (?, ?, ?)")) {
                while (!stop.get()) {
                    int n = inserted.incrementAndGet();
                    insert.setLong(1, n % 100);
                    insert.setString(2, "live " + n);
                    insert.setInt(3, n % 5);
                    insert.executeUpdate();
                }
            } catch (SQLException e) {
                problems.add("insert failed: " + e.getMessage());
            }
        }, "writer");
        Thread poller = new Thread(() -> {
            try (Connection c = database.getConnection(); Statement st = c.createStatement()) {
                while (!stop.get()) {
                    try (ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_class WHERE relkind = 'i' AND relname IN ('"
                            + NAME + "', '" + NAME + "_wfdb_new')")) {
                        rs.next();
                        if (rs.getInt(1) == 0) {
                            problems.add("poll " + polls.get() + " found neither " + NAME + " nor its temporary name");
                        }
                    }
                    polls.incrementAndGet();
                }
            } catch (SQLException e) {
                problems.add("poll failed: " + e.getMessage());
            }
        }, "poller");
        writer.start();
        poller.start();
        // the writer and the poller are busy before the swap starts and still after it ends
        await().atMost(Duration.ofSeconds(30)).until(() -> polls.get() > 5 && inserted.get() > 5);

        IndexReport report = reconcile(database, after);

        int pollsAfterSwap = polls.get();
        int insertsAfterSwap = inserted.get();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> polls.get() > pollsAfterSwap + 5 && inserted.get() > insertsAfterSwap + 5);
        stop.set(true);
        writer.join(Duration.ofSeconds(30).toMillis());
        poller.join(Duration.ofSeconds(30).toMillis());

        assertThat(problems).isEmpty();
        assertThat(polls.get()).isGreaterThan(10);
        assertThat(inserted.get()).isGreaterThan(10);
        assertThat(report.failures()).isEmpty();
        assertThat(report.executed()).containsSubsequence(
                "BEGIN",
                "ALTER INDEX \"public\".\"" + NAME + "\" RENAME TO \"" + NAME + "_wfdb_old\"",
                "ALTER INDEX \"public\".\"" + NAME + "_wfdb_new\" RENAME TO \"" + NAME + "\"",
                "COMMIT",
                "DROP INDEX CONCURRENTLY \"public\".\"" + NAME + "_wfdb_old\"");
        assertThat(definition(database, NAME)).endsWith("USING btree (priority DESC, created_at DESC)");
        assertThat(valid(database, NAME)).isTrue();
        assertThat(catalog(database)).noneMatch(row -> row.contains("_wfdb_"));
    }

    private static IndexReport reconcile(DataSource database, IndexSpec spec) throws SQLException {
        try (Connection c = database.getConnection()) {
            return Indexes.reconcile(c, List.of(spec), CLOCK);
        }
    }
}
