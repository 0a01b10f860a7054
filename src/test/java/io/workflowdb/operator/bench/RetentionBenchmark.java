package io.workflowdb.operator.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.sql.DataSource;

import io.workflowdb.operator.api.v1alpha1.RetentionPolicySpec;
import io.workflowdb.operator.retention.execute.RetentionCatalog;
import io.workflowdb.operator.retention.execute.RetentionDatabases;
import io.workflowdb.operator.retention.execute.RetentionExecutor;
import io.workflowdb.operator.retention.model.TableShape;
import io.workflowdb.operator.retention.plan.BoundStatement;
import io.workflowdb.operator.retention.plan.RetentionStatements;
import io.workflowdb.operator.schema.migration.MigrationOutcome;
import io.workflowdb.operator.schema.migration.Migrations;
import io.workflowdb.operator.testing.TestPostgres;

/**
 * Prints how fast the seed guide's single-statement archival function and the batched
 * RetentionPolicy executor move the same backlog of old completed tasks into tasks_archive, and
 * how long each holds its row locks. The tasks table is loaded once into a template database
 * (1,000,000 due rows by default, plus a quarter as many that are not due), vacuumed and
 * analyzed; every method then runs on its own byte-identical copy, after a checkpoint, with
 * synchronous_commit on as in production. task_executions and validations stay empty, but their
 * ON DELETE CASCADE triggers fire for every moved task in both methods. Run with {@code bench/retention.sh [due rows [batch
 * sizes]]}, for example {@code bench/retention.sh 200000 5000,500}; figures, not assertions.
 */
public final class RetentionBenchmark {

    static final String TEMPLATE = "retention_bench_template";

    /** The seed guide's archival function, verbatim. */
    static final String SEED_FUNCTION = """
            CREATE OR REPLACE FUNCTION archive_old_tasks() RETURNS integer AS $$
            DECLARE archived_count integer;
            BEGIN
                WITH archived_tasks AS (
                    DELETE FROM tasks WHERE status = 'completed' AND completed_at < NOW() - INTERVAL '90 days' RETURNING *
                )
                INSERT INTO tasks_archive SELECT * FROM archived_tasks;
                GET DIAGNOSTICS archived_count = ROW_COUNT;
                INSERT INTO workflow_events (event_type, event_category, action, description, event_data)
                VALUES ('data_archival', 'system', 'archive_tasks', 'Archived old completed tasks', jsonb_build_object('archived_count', archived_count));
                RETURN archived_count;
            END;
            $$ LANGUAGE plpgsql
            """;

    /** One method's run: how many rows, how long, and how long its transactions held row locks. */
    record Result(String method, long rows, Duration wall, List<Duration> transactions, long archived, long left) {

        double rowsPerSecond() {
            return rows / (wall.toNanos() / 1e9);
        }

        Duration longest() {
            return sorted().get(sorted().size() - 1);
        }

        Duration percentile(double p) {
            List<Duration> s = sorted();
            return s.get(Math.min(s.size() - 1, (int) Math.ceil(p * s.size()) - 1));
        }

        private List<Duration> sorted() {
            List<Duration> s = new ArrayList<>(transactions);
            s.sort(null);
            return s;
        }
    }

    public static void main(String[] args) throws Exception {
        int requested = args.length > 0 ? Integer.parseInt(args[0].replace(",", "").replace("_", "")) : 1_000_000;
        int due = (requested + 7) / 8 * 8;
        long notDue = due / 4;
        List<Integer> batchSizes = args.length > 1
                ? Arrays.stream(args[1].split(",")).map(String::trim).map(Integer::valueOf).toList()
                : List.of(5000, 1000, 10000);
        load(due);
        List<Result> results = new ArrayList<>();
        results.add(single(copy("retention_bench_single"), due, notDue));
        drop("retention_bench_single");
        for (int size : batchSizes) {
            results.add(batched(copy("retention_bench_batch_" + size), size, due, notDue));
            drop("retention_bench_batch_" + size);
        }
        print(results);
        planOfOneBatch(copy("retention_bench_plan"), due);
        System.exit(0);
    }

    /**
     * The template: the built-in schema, the seed's function, and {@code due} completed tasks
     * older than 90 days among {@code due / 4} that are not due. Ids grow with time as in a live
     * table: a history of 640 days in which every ninth task failed or was cancelled, then the
     * last 80 days (completed, in progress, pending, in validation).
     */
    static void load(int due) throws SQLException {
        try (Connection c = TestPostgres.superuser("postgres").getConnection(); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + TEMPLATE);
            st.execute("CREATE DATABASE " + TEMPLATE);
        }
        DataSource db = TestPostgres.superuser(TEMPLATE);
        MigrationOutcome outcome = Migrations.migrate(db, true, List.of());
        if (outcome.failure() != null) {
            throw new IllegalStateException(String.valueOf(outcome.failure()));
        }
        long history = due / 8L * 9;
        long recent = due / 8L;
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            st.execute("INSERT INTO projects (id, name) OVERRIDING SYSTEM VALUE"
                    + " SELECT p, 'project ' || p FROM generate_series(1, 10) AS p");
            st.execute(SEED_FUNCTION);
            long start = System.nanoTime();
            st.execute("""
                    INSERT INTO tasks (id, project_id, title, description, status, priority, requirements, context,
                                       assigned_agent, created_at, updated_at, completed_at)
                    SELECT g, 1 + g % 10,
                           'Task ' || g || ': ' || (ARRAY['Implement', 'Fix', 'Refactor', 'Document', 'Test'])[1 + g % 5]
                               || ' ' || (ARRAY['login flow', 'payment retry', 'search index', 'export job', 'audit log'])[1 + g / 5 % 5],
                           'Acceptance: ' || md5(g::text) || ' / ' || md5((g + 1)::text),
                           k.status, g % 5,
                           jsonb_build_object('language', (ARRAY['java', 'go', 'python', 'typescript'])[1 + g % 4],
                                              'tests', g % 2 = 0, 'estimate_hours', g % 13,
                                              'files', jsonb_build_array('src/m' || g % 100 || '/Main.java', 'README.md')),
                           jsonb_build_object('branch', 'feature/task-' || g, 'attempt', 1 + g % 3, 'pr', 10000 + g,
                                              'labels', jsonb_build_array('backend', 'p' || g % 5)),
                           CASE WHEN g % 7 = 0 THEN NULL ELSE 'agent-' || g % 16 END,
                           k.at - make_interval(hours => 1 + (g % 48)::int), k.at, k.completed_at
                      FROM generate_series(1, :history + :recent) AS g
                     CROSS JOIN LATERAL (
                           SELECT CASE WHEN g > :history
                                       THEN now() - (:history + :recent - g)::float8 / :recent * interval '80 days'
                                       ELSE now() - interval '91 days' - (:history - g)::float8 / :history * interval '640 days'
                                  END AS at) AS t
                     CROSS JOIN LATERAL (
                           SELECT CASE WHEN g <= :history AND g % 9 = 0 THEN (CASE WHEN g % 2 = 0 THEN 'failed' ELSE 'cancelled' END)
                                       WHEN g <= :history OR g % 10 < 7 THEN 'completed'
                                       ELSE (ARRAY['in_progress', 'pending', 'validation'])[g % 10 - 6]
                                  END AS status,
                                  t.at) AS k0
                     CROSS JOIN LATERAL (
                           SELECT k0.status, t.at,
                                  CASE WHEN k0.status IN ('completed', 'failed', 'cancelled') THEN t.at END AS completed_at) AS k
                    """.replace(":history", Long.toString(history)).replace(":recent", Long.toString(recent)));
            System.out.printf("loaded %,d tasks in %.1f s%n", history + recent, (System.nanoTime() - start) / 1e9);
            start = System.nanoTime();
            st.execute("VACUUM ANALYZE");
            System.out.printf("VACUUM ANALYZE in %.1f s%n", (System.nanoTime() - start) / 1e9);
            long eligible = count(st, "SELECT count(*) FROM tasks WHERE status = 'completed' AND completed_at < now() - interval '90 days'");
            System.out.printf("tasks: %,d rows, %,d due (completed, older than 90 days), %,d not due; table %s, indexes %s%n",
                    count(st, "SELECT count(*) FROM tasks"), eligible, count(st, "SELECT count(*) FROM tasks") - eligible,
                    text(st, "SELECT pg_size_pretty(pg_table_size('tasks'))"),
                    text(st, "SELECT pg_size_pretty(pg_indexes_size('tasks'))"));
            System.out.printf("%s; shared_buffers %s, work_mem %s, max_wal_size %s; synchronous_commit on for every run%n",
                    text(st, "SELECT split_part(version(), ' on ', 1)"), text(st, "SHOW shared_buffers"),
                    text(st, "SHOW work_mem"), text(st, "SHOW max_wal_size"));
        }
    }

    /** A byte-identical copy of the template (files copied, so the same layout, statistics and visibility map). */
    static DataSource copy(String name) throws SQLException {
        try (Connection c = TestPostgres.superuser("postgres").getConnection(); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + name);
            st.execute("CREATE DATABASE " + name + " TEMPLATE " + TEMPLATE + " STRATEGY FILE_COPY");
        }
        return TestPostgres.superuser(name);
    }

    static void drop(String name) throws SQLException {
        try (Connection c = TestPostgres.superuser("postgres").getConnection(); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + name);
        }
    }

    static Result single(DataSource db, long due, long notDue) throws SQLException {
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            prepare(st);
            long start = System.nanoTime();
            long rows;
            try (ResultSet rs = st.executeQuery("SELECT archive_old_tasks()")) {
                rs.next();
                rows = rs.getLong(1);
            }
            Duration wall = Duration.ofNanos(System.nanoTime() - start);
            return checked(new Result("seed function, one statement", rows, wall, List.of(wall),
                    count(st, "SELECT count(*) FROM tasks_archive"), count(st, "SELECT count(*) FROM tasks")), due, notDue);
        }
    }

    static Result batched(DataSource db, int batchSize, long due, long notDue) throws SQLException {
        RetentionPolicySpec spec = RetentionDatabases.seedArchival();
        spec.batchSize = batchSize;
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            prepare(st);
            List<Duration> batches = new ArrayList<>();
            Instant cutoff = RetentionExecutor.cutoff(Instant.now(), Duration.ofDays(90));
            long start = System.nanoTime();
            RetentionExecutor.Slice slice = RetentionExecutor.run(c, spec, cutoff, Instant.now().plus(Duration.ofHours(4)),
                    Clock.systemUTC(), 0, (batch, rows, runRows, took) -> batches.add(took));
            Duration wall = Duration.ofNanos(System.nanoTime() - start);
            if (slice.end() != RetentionExecutor.End.DONE) {
                throw new IllegalStateException("batched run ended " + slice.end() + ": " + slice.problem());
            }
            return checked(new Result("executor, batches of " + batchSize, slice.rows(), wall, batches,
                    count(st, "SELECT count(*) FROM tasks_archive"), count(st, "SELECT count(*) FROM tasks")), due, notDue);
        }
    }

    /** The same starting line for every run: settings as in production, nothing dirty in shared buffers. */
    private static void prepare(Statement st) throws SQLException {
        st.execute("SET synchronous_commit = on");
        st.execute("CHECKPOINT");
    }

    private static Result checked(Result r, long due, long notDue) {
        if (r.rows() != due || r.archived() != due || r.left() != notDue) {
            throw new IllegalStateException(r.method() + ": moved " + r.rows() + ", archive " + r.archived() + ", left "
                    + r.left() + "; expected " + due + " and " + notDue);
        }
        return r;
    }

    static void print(List<Result> results) {
        Result single = results.get(0);
        System.out.println();
        System.out.printf("%-30s %10s %8s %10s %7s %10s %11s %11s %9s%n", "method", "rows", "wall s", "rows/s",
                "txns", "longest s", "median ms", "p99 ms", "vs single");
        for (Result r : results) {
            System.out.printf("%-30s %,10d %8.1f %,10.0f %7d %10.3f %11.1f %11.1f %8.0f %%%n", r.method(), r.rows(),
                    r.wall().toNanos() / 1e9, r.rowsPerSecond(), r.transactions().size(), r.longest().toNanos() / 1e9,
                    r.percentile(0.5).toNanos() / 1e6, r.percentile(0.99).toNanos() / 1e6,
                    100 * r.rowsPerSecond() / single.rowsPerSecond());
        }
        System.out.println();
        System.out.printf("seed function: one transaction held the row locks of all %,d rows for %.1f s%n", single.rows(),
                single.wall().toNanos() / 1e9);
        for (Result r : results.subList(1, results.size())) {
            boolean underOneSecond = r.longest().compareTo(Duration.ofSeconds(1)) < 0;
            System.out.printf("%s: %.0f %% of the seed function's rows/s (target >= 80 %%), %d transactions,"
                    + " every batch under 1 s: %s (longest %.3f s)%n", r.method(),
                    100 * r.rowsPerSecond() / single.rowsPerSecond(), r.transactions().size(),
                    underOneSecond ? "yes" : "no", r.longest().toNanos() / 1e9);
        }
    }

    /** EXPLAIN (ANALYZE, BUFFERS) of one batch of 5,000 from the middle of the table, rolled back. */
    static void planOfOneBatch(DataSource db, int due) throws SQLException {
        RetentionPolicySpec spec = RetentionDatabases.seedArchival();
        try (Connection c = db.getConnection()) {
            TableShape tasks = RetentionCatalog.table(c, "tasks").orElseThrow();
            TableShape archive = RetentionCatalog.table(c, "tasks_archive").orElseThrow();
            BoundStatement batch = RetentionStatements.batch(tasks, archive, spec,
                    RetentionExecutor.cutoff(Instant.now(), Duration.ofDays(90)), 5000, List.of(String.valueOf(due / 2)));
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("EXPLAIN (ANALYZE, BUFFERS) " + batch.sql())) {
                int i = 1;
                for (Object p : batch.parameters()) {
                    if (p instanceof Integer n) {
                        ps.setInt(i++, n);
                    } else {
                        ps.setString(i++, (String) p);
                    }
                }
                System.out.println();
                System.out.println("one batch of 5,000 after id " + due / 2 + " (rolled back):");
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        System.out.println("  " + rs.getString(1));
                    }
                }
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        }
        drop("retention_bench_plan");
    }

    private static long count(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String text(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
