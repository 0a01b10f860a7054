package io.workflowdb.operator.schema.view;

import static io.workflowdb.operator.schema.view.ViewFixtures.daily;
import static io.workflowdb.operator.schema.view.ViewFixtures.markerOf;
import static io.workflowdb.operator.schema.view.ViewFixtures.spec;
import static io.workflowdb.operator.schema.view.ViewFixtures.status;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.workflowdb.operator.api.v1alpha1.MaterializedViewSpec;
import io.workflowdb.operator.api.v1alpha1.SchemaStatus.MaterializedViewStatus;
import io.workflowdb.operator.testing.TestPostgres;

/** The facade against a real PostgreSQL, with the seed's daily task metrics view (refreshed at 01:00 UTC). */
class MaterializedViewsTest {

    private static final String DATABASE = "mv_test_views";
    private static final Instant CREATED = Instant.parse("2025-03-10T12:00:00Z");
    private static final Instant BEFORE_NEXT_FIRE = Instant.parse("2025-03-11T00:59:00Z");
    private static final Instant AFTER_NEXT_FIRE = Instant.parse("2025-03-11T01:00:30Z");
    private static final String CHANGED_QUERY = """
            SELECT date_trunc('day', created_at) AS date, project_id, COUNT(*) AS tasks_created,
                   COUNT(CASE WHEN status = 'completed' THEN 1 END) AS tasks_completed
            FROM tasks GROUP BY date_trunc('day', created_at), project_id""";

    private static DataSource db;
    private Connection c;

    @BeforeAll
    static void createDatabase() throws SQLException {
        try (Connection admin = TestPostgres.superuser("postgres").getConnection(); Statement st = admin.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + DATABASE);
            st.execute("CREATE DATABASE " + DATABASE);
        }
        db = TestPostgres.superuser(DATABASE);
        sql("""
                CREATE TABLE tasks (
                    id bigserial PRIMARY KEY,
                    project_id integer NOT NULL,
                    status text NOT NULL DEFAULT 'pending',
                    priority integer NOT NULL DEFAULT 3,
                    assigned_agent text,
                    created_at timestamptz NOT NULL DEFAULT now())""");
    }

    @BeforeEach
    void cleanSlate() throws SQLException {
        sql("""
                DO $$ DECLARE v record; BEGIN
                  FOR v IN SELECT schemaname, matviewname FROM pg_matviews WHERE schemaname = 'public' LOOP
                    EXECUTE format('DROP MATERIALIZED VIEW %I.%I CASCADE', v.schemaname, v.matviewname);
                  END LOOP;
                END $$""");
        sql("TRUNCATE tasks");
        addTasks(1, 2);
        addTasks(2, 1);
        c = db.getConnection();
    }

    @AfterEach
    void close() throws SQLException {
        c.close();
    }

    @Test
    void createdViewHoldsDataWithItsUniqueIndexAndMarker() throws SQLException {
        List<MaterializedViewStatus> statuses = reconcile(List.of(daily()), List.of(), CREATED);

        assertThat(query("SELECT ispopulated FROM pg_matviews WHERE matviewname = 'daily_task_metrics'")).containsExactly("t");
        assertThat(tasksCreated()).isEqualTo(3);
        assertThat(query("""
                SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i
                 WHERE i.indrelid = 'daily_task_metrics'::regclass AND i.indisunique""")).containsExactly(
                "CREATE UNIQUE INDEX daily_task_metrics_ukey ON public.daily_task_metrics USING btree (date, project_id)");
        assertThat(comment()).isEqualTo(markerOf(daily()));
        assertThat(statuses).singleElement().satisfies(s -> {
            assertThat(s.name).isEqualTo("daily_task_metrics");
            assertThat(s.lastRefreshTime).isEqualTo("2025-03-10T12:00:00Z");
            assertThat(s.lastRefreshMillis).isNotNull().isNotNegative();
            assertThat(s.error).isNull();
        });
    }

    @Test
    void refreshWaitsForTheNextCronFire() throws SQLException {
        List<MaterializedViewStatus> created = reconcile(List.of(daily()), List.of(), CREATED);
        addTasks(3, 4);

        List<MaterializedViewStatus> early = reconcile(List.of(daily()), created, BEFORE_NEXT_FIRE);
        assertThat(tasksCreated()).as("not refreshed before the fire").isEqualTo(3);
        assertThat(early.get(0).lastRefreshTime).isEqualTo("2025-03-10T12:00:00Z");

        assertThat(MaterializedViews.plan(c, List.of(daily()), early, clock(AFTER_NEXT_FIRE)))
                .contains("REFRESH MATERIALIZED VIEW CONCURRENTLY \"public\".\"daily_task_metrics\"");
        List<MaterializedViewStatus> refreshed = reconcile(List.of(daily()), early, AFTER_NEXT_FIRE);
        assertThat(tasksCreated()).as("refreshed after the fire").isEqualTo(7);
        assertThat(refreshed.get(0).lastRefreshTime).isEqualTo("2025-03-11T01:00:30Z");
        assertThat(refreshed.get(0).error).isNull();
    }

    @Test
    void concurrentRefreshIsNotBlockedByAReader() throws SQLException {
        List<MaterializedViewStatus> created = reconcile(List.of(daily()), List.of(), CREATED);
        addTasks(3, 4);
        try (Connection reader = db.getConnection()) {
            reader.setAutoCommit(false);
            assertThat(tasksCreated(reader)).isEqualTo(3);

            List<MaterializedViewStatus> refreshed = reconcile(List.of(daily()), created, AFTER_NEXT_FIRE);

            assertThat(refreshed.get(0).error).as("a plain refresh would time out waiting for the reader").isNull();
            assertThat(refreshed.get(0).lastRefreshTime).isEqualTo("2025-03-11T01:00:30Z");
            reader.commit();
            assertThat(tasksCreated(reader)).isEqualTo(7);
        }
    }

    @Test
    void restartDoesNotRepeatARefreshTheStatusRecords() throws SQLException {
        reconcile(List.of(daily()), List.of(), CREATED);
        addTasks(3, 4);
        // the status a previous operator process wrote: refreshed just after today's 01:00 fire
        List<MaterializedViewStatus> recorded = List.of(status("daily_task_metrics", "2025-03-11T01:00:10Z", 4000L));

        assertThat(MaterializedViews.plan(c, List.of(daily()), recorded, clock(AFTER_NEXT_FIRE))).isEmpty();
        List<MaterializedViewStatus> after = reconcile(List.of(daily()), recorded, AFTER_NEXT_FIRE);

        assertThat(tasksCreated()).isEqualTo(3);
        assertThat(after.get(0).lastRefreshTime).isEqualTo("2025-03-11T01:00:10Z");
        assertThat(after.get(0).lastRefreshMillis).isEqualTo(4000L);
    }

    @Test
    void changedQueryIsSwappedInWhileReadersKeepReading() throws Exception {
        MaterializedViewSpec changed = daily();
        changed.query = CHANGED_QUERY;
        List<MaterializedViewStatus> statuses = reconcile(List.of(daily()), List.of(), CREATED);

        List<String> readerErrors = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger reads = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        Thread reader = new Thread(() -> {
            try (Connection r = db.getConnection(); Statement st = r.createStatement()) {
                while (!stop.get()) {
                    try (ResultSet rs = st.executeQuery("SELECT count(*) FROM daily_task_metrics")) {
                        rs.next();
                        reads.incrementAndGet();
                    } catch (SQLException e) {
                        readerErrors.add(e.getMessage());
                    }
                }
            } catch (SQLException e) {
                readerErrors.add(e.getMessage());
            }
        });
        reader.start();
        try {
            // the reader is reading before the first swap, however slow the machine
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> reads.get() > 0);
            // several swaps back and forth, so that reads land during the swap transaction
            for (int i = 0; i < 6; i++) {
                statuses = reconcile(List.of(i % 2 == 0 ? changed : daily()), statuses, CREATED.plusSeconds(i + 1));
                assertThat(statuses.get(0).error).isNull();
            }
        } finally {
            stop.set(true);
            reader.join(10_000);
        }

        assertThat(readerErrors).as("readers see the old or the new view, never none").isEmpty();
        assertThat(reads.get()).isPositive();
        assertThat(comment()).isEqualTo(markerOf(daily()));
        statuses = reconcile(List.of(changed), statuses, CREATED.plusSeconds(60));
        assertThat(statuses.get(0).lastRefreshTime).as("a rebuild counts as a refresh").isEqualTo("2025-03-10T12:01:00Z");
        assertThat(query("SELECT attname FROM pg_attribute WHERE attrelid = 'daily_task_metrics'::regclass AND attnum > 0 ORDER BY attnum"))
                .containsExactly("date", "project_id", "tasks_created", "tasks_completed");
        assertThat(comment()).isEqualTo(markerOf(changed));
        assertThat(query("SELECT indexrelid::regclass::text FROM pg_index WHERE indrelid = 'daily_task_metrics'::regclass"))
                .containsExactly("daily_task_metrics_ukey");
        assertThat(query("SELECT matviewname FROM pg_matviews")).containsExactly("daily_task_metrics");
    }

    @Test
    void swapBlockedByALongReaderFailsCleanlyAndTheNextRunReusesTheBuiltView() throws SQLException {
        MaterializedViewSpec changed = daily();
        changed.query = CHANGED_QUERY;
        List<MaterializedViewStatus> statuses = reconcile(List.of(daily()), List.of(), CREATED);
        try (Connection reader = db.getConnection()) {
            reader.setAutoCommit(false);
            tasksCreated(reader);

            statuses = reconcile(List.of(changed), statuses, CREATED.plusSeconds(1));

            assertThat(statuses.get(0).error)
                    .isEqualTo("canceling statement due to lock timeout (5 attempts, each waiting at most 200 ms)");
            assertThat(statuses.get(0).lastRefreshTime).isEqualTo("2025-03-10T12:00:00Z");
            assertThat(comment()).as("the old view is untouched").isEqualTo(markerOf(daily()));
            reader.commit();
        }

        assertThat(MaterializedViews.plan(c, List.of(changed), statuses, clock(CREATED.plusSeconds(2))))
                .as("the view built last time is swapped in, not built again")
                .noneMatch(s -> s.startsWith("CREATE"))
                .contains("DROP MATERIALIZED VIEW \"public\".\"daily_task_metrics\"");
        statuses = reconcile(List.of(changed), statuses, CREATED.plusSeconds(2));
        assertThat(statuses.get(0).error).isNull();
        assertThat(comment()).isEqualTo(markerOf(changed));
        assertThat(query("SELECT matviewname FROM pg_matviews")).containsExactly("daily_task_metrics");
    }

    @Test
    void badQueryFailsAloneWithPostgresMessage() throws SQLException {
        MaterializedViewSpec bad = spec("broken_metrics", "SELECT project_id FROM no_such_table", null, "0 1 * * *", null);

        List<MaterializedViewStatus> statuses = reconcile(List.of(bad, daily()), List.of(), CREATED);

        assertThat(statuses.get(0).name).isEqualTo("broken_metrics");
        assertThat(statuses.get(0).error).isEqualTo("relation \"no_such_table\" does not exist");
        assertThat(statuses.get(0).lastRefreshTime).isNull();
        assertThat(statuses.get(1).error).isNull();
        assertThat(statuses.get(1).lastRefreshTime).isEqualTo("2025-03-10T12:00:00Z");
        assertThat(query("SELECT matviewname FROM pg_matviews")).containsExactly("daily_task_metrics");
    }

    @Test
    void unmanagedViewWithTheSameNameIsNeverDropped() throws SQLException {
        sql("CREATE MATERIALIZED VIEW daily_task_metrics AS SELECT 42 AS answer");
        sql("COMMENT ON MATERIALIZED VIEW daily_task_metrics IS 'built by hand for the dashboard'");

        List<MaterializedViewStatus> statuses = reconcile(List.of(daily()), List.of(), CREATED);
        reconcile(List.of(), List.of(), CREATED);

        assertThat(statuses.get(0).error).contains("exists and is not managed by the operator");
        assertThat(query("SELECT answer::text FROM daily_task_metrics")).containsExactly("42");
        assertThat(comment()).isEqualTo("built by hand for the dashboard");
    }

    @Test
    void planReturnsTheSqlAndExecutesNothing() throws SQLException {
        List<String> plan = MaterializedViews.plan(c, List.of(daily()), List.of(), clock(CREATED));

        assertThat(plan).startsWith("SET lock_timeout = '200ms'", "SET statement_timeout = '30min'", "BEGIN")
                .contains("CREATE UNIQUE INDEX \"daily_task_metrics_ukey\" ON \"public\".\"daily_task_metrics\" (\"date\", \"project_id\")",
                        "COMMENT ON MATERIALIZED VIEW \"public\".\"daily_task_metrics\" IS '" + markerOf(daily()) + "'")
                .endsWith("COMMIT", "RESET statement_timeout", "RESET lock_timeout");
        assertThat(query("SELECT matviewname FROM pg_matviews")).isEmpty();
        assertThat(query("SHOW lock_timeout")).containsExactly("0");
    }

    @Test
    void managedViewNoLongerDeclaredIsDropped() throws SQLException {
        reconcile(List.of(daily()), List.of(), CREATED);

        List<MaterializedViewStatus> statuses = reconcile(List.of(), List.of(), CREATED.plusSeconds(1));

        assertThat(statuses).isEmpty();
        assertThat(query("SELECT matviewname FROM pg_matviews")).isEmpty();
    }

    @Test
    void emptiedViewIsPopulatedAgain() throws SQLException {
        List<MaterializedViewStatus> created = reconcile(List.of(daily()), List.of(), CREATED);
        sql("REFRESH MATERIALIZED VIEW daily_task_metrics WITH NO DATA");

        List<MaterializedViewStatus> statuses = reconcile(List.of(daily()), created, CREATED.plusSeconds(5));

        assertThat(statuses.get(0).error).isNull();
        assertThat(statuses.get(0).lastRefreshTime).isEqualTo("2025-03-10T12:00:05Z");
        assertThat(tasksCreated()).isEqualTo(3);
    }

    @Test
    void sessionSettingsAreRestored() throws SQLException {
        reconcile(List.of(daily()), List.of(), CREATED);

        assertThat(query("SHOW lock_timeout")).containsExactly("0");
        assertThat(query("SHOW statement_timeout")).containsExactly("0");
        assertThat(c.getAutoCommit()).isTrue();
    }

    private List<MaterializedViewStatus> reconcile(List<MaterializedViewSpec> specs, List<MaterializedViewStatus> previous,
            Instant now) throws SQLException {
        return MaterializedViews.reconcile(c, specs, previous, clock(now));
    }

    private static Clock clock(Instant now) {
        return Clock.fixed(now, ZoneOffset.UTC);
    }

    private static void addTasks(int projectId, int count) throws SQLException {
        sql("INSERT INTO tasks (project_id, created_at) SELECT " + projectId
                + ", timestamptz '2025-03-09 10:00:00+00' FROM generate_series(1, " + count + ")");
    }

    private long tasksCreated() throws SQLException {
        return tasksCreated(c);
    }

    private static long tasksCreated(Connection on) throws SQLException {
        try (Statement st = on.createStatement(); ResultSet rs = st.executeQuery("SELECT sum(tasks_created) FROM daily_task_metrics")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private String comment() throws SQLException {
        return query("SELECT obj_description('daily_task_metrics'::regclass, 'pg_class')").get(0);
    }

    private List<String> query(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }

    private static void sql(String sql) throws SQLException {
        try (Connection on = db.getConnection(); Statement st = on.createStatement()) {
            st.execute(sql);
        }
    }
}
