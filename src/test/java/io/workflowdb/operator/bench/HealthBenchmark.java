package io.workflowdb.operator.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import io.workflowdb.operator.health.HealthEvaluator;
import io.workflowdb.operator.health.HealthProbe;
import io.workflowdb.operator.health.HealthReport;
import io.workflowdb.operator.health.HealthSample;
import io.workflowdb.operator.health.HealthThresholds;
import io.workflowdb.operator.schema.migration.MigrationOutcome;
import io.workflowdb.operator.schema.migration.Migrations;
import io.workflowdb.operator.testing.TestPostgres;

/**
 * Prints how long one health sample spends in the database: the built-in workflow schema loaded
 * with example data (10 projects, 5,000 tasks, 15,000 executions, 5,000 validations, 20,000
 * events, some tasks updated so that tables carry dead tuples), pg_stat_statements created and
 * holding the statements of an application-like workload, then 200 samples (after 20 to warm up)
 * on one connection, as the operator takes them. Run with {@code bench/health.sh [samples]};
 * figures, not assertions.
 */
public final class HealthBenchmark {

    static final String DATABASE = "health_bench";
    static final int WARM_UP = 20;

    public static void main(String[] args) throws Exception {
        int samples = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        DataSource db = workflowDatabase();
        load(db);
        workload(db);
        measure(db, samples);
        System.exit(0);
    }

    static void load(DataSource db) throws SQLException {
        long start = System.nanoTime();
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            st.execute("INSERT INTO projects (name, description, repository_url, settings)"
                    + " SELECT 'project-' || g, 'Example project ' || g, 'https://git.example.internal/p' || g,"
                    + " jsonb_build_object('max_agents', g % 4 + 1) FROM generate_series(1, 10) g");
            st.execute("INSERT INTO tasks (project_id, title, description, status, priority, requirements, context,"
                    + " assigned_agent, created_at, completed_at)"
                    + " SELECT g % 10 + 1, 'Task ' || g, repeat('Implement step ' || g || '. ', 5),"
                    + " (ARRAY['pending', 'in_progress', 'validation', 'completed', 'completed', 'failed'])[g % 6 + 1],"
                    + " g % 5, jsonb_build_object('language', 'java', 'tests', true),"
                    + " jsonb_build_object('branch', 'feature/' || g), 'agent-' || (g % 8),"
                    + " now() - make_interval(hours => g), CASE WHEN g % 6 IN (3, 4) THEN now() - make_interval(hours => g - 1) END"
                    + " FROM generate_series(1, 5000) g");
            st.execute("INSERT INTO task_executions (task_id, agent_type, execution_status, started_at, completed_at, duration,"
                    + " memory_usage_mb, error_message)"
                    + " SELECT t.id, (ARRAY['planner', 'coder', 'reviewer'])[e], CASE WHEN e = 3 AND t.id % 7 = 0 THEN 'failed'"
                    + " ELSE 'succeeded' END, t.created_at + make_interval(mins => e), t.created_at + make_interval(mins => e + 5),"
                    + " interval '5 minutes', 200 + e * 50, CASE WHEN e = 3 AND t.id % 7 = 0 THEN 'tests failed' END"
                    + " FROM tasks t CROSS JOIN generate_series(1, 3) e");
            st.execute("INSERT INTO validations (task_id, pr_id, validation_type, result, details, completed_at)"
                    + " SELECT id, 'PR-' || id, 'ci', CASE WHEN id % 9 = 0 THEN 'failed' ELSE 'passed' END,"
                    + " jsonb_build_object('checks', 12), created_at + interval '1 hour' FROM tasks");
            st.execute("INSERT INTO workflow_events (occurred_at, event_type, event_category, action, description, event_data,"
                    + " project_id, task_id)"
                    + " SELECT t.created_at + make_interval(mins => e), (ARRAY['task_created', 'task_assigned', 'task_updated',"
                    + " 'task_completed'])[e], 'task', (ARRAY['create', 'assign', 'update', 'complete'])[e], 'Task event',"
                    + " jsonb_build_object('step', e), t.project_id, t.id FROM tasks t CROSS JOIN generate_series(1, 4) e");
            // updates leave dead tuples behind, as a working application does
            st.execute("UPDATE tasks SET priority = priority + 1 WHERE id % 4 = 0");
            st.execute("ANALYZE");
        }
        System.out.printf("loaded 10 projects, 5,000 tasks, 15,000 executions, 5,000 validations, 20,000 events in %.1f s%n",
                (System.nanoTime() - start) / 1e9);
    }

    /** Statements an application runs, so that pg_stat_statements has entries to scan. */
    static void workload(DataSource db) throws SQLException {
        List<String> statements = List.of(
                "SELECT * FROM tasks WHERE id = ?",
                "SELECT * FROM tasks WHERE project_id = ? AND status = 'pending' ORDER BY priority DESC LIMIT 20",
                "SELECT count(*) FROM tasks WHERE project_id = ?",
                "SELECT status, count(*) FROM tasks WHERE project_id = ? GROUP BY status",
                "SELECT * FROM task_executions WHERE task_id = ?",
                "SELECT * FROM validations WHERE task_id = ?",
                "SELECT * FROM workflow_events WHERE task_id = ? ORDER BY occurred_at",
                "SELECT t.id, t.title, e.execution_status FROM tasks t JOIN task_executions e ON e.task_id = t.id WHERE t.id = ?",
                "SELECT p.name, count(t.id) FROM projects p LEFT JOIN tasks t ON t.project_id = p.id WHERE p.id = ? GROUP BY p.name",
                "UPDATE tasks SET assigned_agent = 'agent-x' WHERE id = ?",
                "SELECT avg(memory_usage_mb) FROM task_executions WHERE task_id < ?",
                "SELECT count(*) FROM workflow_events WHERE project_id = ? AND event_type = 'task_completed'");
        try (Connection c = db.getConnection()) {
            for (String sql : statements) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    for (int i = 1; i <= 25; i++) {
                        ps.setLong(1, i * 37 % 5000 + 1);
                        ps.execute();
                    }
                }
            }
            try (Statement st = c.createStatement()) {
                for (int i = 0; i < 40; i++) {
                    // literal statements: pg_stat_statements normalizes them into one entry each shape
                    st.execute("SELECT count(*) FROM tasks WHERE priority = " + (i % 5) + " AND status <> 'cancelled'");
                }
                st.execute("SELECT pg_sleep(0.02)");
                st.execute("SELECT pg_stat_force_next_flush()");
            }
        }
        System.out.printf("pg_stat_statements: %d entries in this database, %d in all%n",
                count(db, "SELECT count(*) FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database"
                        + " WHERE datname = current_database())"),
                count(db, "SELECT count(*) FROM pg_stat_statements"));
    }

    static void measure(DataSource db, int samples) throws SQLException {
        List<Double> millis = new ArrayList<>();
        HealthReport last = null;
        try (Connection c = db.getConnection()) {
            for (int i = 0; i < WARM_UP + samples; i++) {
                HealthSample s = HealthProbe.sample(c, HealthThresholds.DEFAULTS, Clock.systemUTC());
                if (i >= WARM_UP) {
                    millis.add(s.databaseTime().toNanos() / 1e6);
                    last = HealthEvaluator.evaluate(s, HealthThresholds.DEFAULTS);
                }
            }
        }
        List<Double> sorted = new ArrayList<>(millis);
        sorted.sort(null);
        System.out.printf("last sample: %s, %d checks%s%n", last.overall(), last.checks().size(),
                last.problems().isEmpty() ? "" : " (" + last.problems() + ")");
        last.checks().forEach(check -> System.out.printf("  %-28s %s%n", check.label(), check.shown()));
        System.out.printf("database time per sample over %d samples (after %d to warm up): median %.2f ms, p95 %.2f ms,"
                + " max %.2f ms, mean %.2f ms%n", samples, WARM_UP, percentile(sorted, 0.5), percentile(sorted, 0.95),
                sorted.get(sorted.size() - 1), millis.stream().mapToDouble(Double::doubleValue).average().orElse(0));
    }

    static double percentile(List<Double> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }

    static long count(DataSource db, String sql) throws SQLException {
        try (Connection c = db.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static DataSource workflowDatabase() throws SQLException {
        try (Connection c = TestPostgres.superuser("postgres").getConnection(); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + DATABASE);
            st.execute("CREATE DATABASE " + DATABASE);
        }
        DataSource db = TestPostgres.superuser(DATABASE);
        MigrationOutcome outcome = Migrations.migrate(db, true, List.of());
        if (outcome.failure() != null) {
            throw new IllegalStateException(String.valueOf(outcome.failure()));
        }
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE EXTENSION pg_stat_statements");
        }
        return db;
    }
}
