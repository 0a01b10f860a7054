package io.workflowdb.operator.sandbox;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A small workflow history for the sandbox, spread over the past 15 months, so that partitions,
 * retention, maintenance reports and health checks have something to show: projects, tasks (most
 * of them completed, many long enough ago for the retention policy), their executions and
 * validations, and workflow events. Besides the workflow schema, an application table that grew
 * unpartitioned, for the online conversion of examples/sandbox/partition-policy-audit-log.yaml to
 * convert: {@code audit_log} (identity primary key without the time column, an index, a comment and
 * the view {@code recent_audit_log}), with a year of rows. Loaded in one transaction, and only into
 * a database without tasks, so that restarting the sandbox keeps what the policies did to the data.
 */
public final class SandboxData {

    static final int PROJECTS = 12;
    static final int TASKS = 3_000;
    static final int EVENTS = 6_000;
    static final int DAYS = 456;
    static final String AUDIT_LOG = "audit_log";
    static final String AUDIT_LOG_VIEW = "recent_audit_log";
    static final int AUDIT_ROWS = 48_000;
    static final int AUDIT_DAYS = 365;

    /** How many rows of each kind were loaded; all zero when the database already had tasks. */
    public record Loaded(long tasks, long executions, long validations, long events, long auditLog) {

        public boolean any() {
            return tasks > 0;
        }
    }

    private SandboxData() {
    }

    public static Loaded loadIfEmpty(Connection c) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            if (count(st, "SELECT count(*) FROM (SELECT 1 FROM tasks LIMIT 1) AS any_task") > 0) {
                c.rollback();
                return new Loaded(0, 0, 0, 0, 0);
            }
            // the same history on every machine
            st.execute("SELECT setseed(0.42)");
            st.execute("INSERT INTO projects (name, description, repository_url, created_at)"
                    + " SELECT 'project-' || g, 'Sandbox project ' || g, 'https://git.example.com/sandbox/project-' || g,"
                    + " now() - interval '" + DAYS + " days' FROM generate_series(1, " + PROJECTS + ") AS g");
            long tasks = st.executeUpdate("INSERT INTO tasks (project_id, title, status, priority, requirements, context,"
                    + " assigned_agent, created_at, completed_at)"
                    + " SELECT p.id, 'task ' || t.g, t.status, (random() * 10)::int,"
                    + " jsonb_build_object('type', (ARRAY['feature','bugfix','refactor','docs'])[1 + (t.g % 4)],"
                    + "   'priority', 1 + (t.g % 5), 'estimated_hours', 1 + (t.g % 16)),"
                    + " jsonb_build_object('files', jsonb_build_array('src/module' || (t.g % 40) || '.py'),"
                    + "   'repository', jsonb_build_object('branch', 'feature/' || t.g)),"
                    + " (ARRAY['codegen','claude_code','reviewer'])[1 + (t.g % 3)], t.created_at,"
                    + " CASE WHEN t.status = 'completed' THEN t.created_at + interval '1 hour' * (1 + t.g % 48) END"
                    + " FROM (SELECT g, now() - interval '1 day' * (random() * " + DAYS + ") AS created_at,"
                    + "   CASE WHEN g % 10 < 7 THEN 'completed' WHEN g % 10 = 7 THEN 'failed'"
                    + "   WHEN g % 10 = 8 THEN 'in_progress' ELSE 'pending' END AS status"
                    + "   FROM generate_series(1, " + TASKS + ") AS g) AS t"
                    + " JOIN projects p ON p.name = 'project-' || (1 + t.g % " + PROJECTS + ")");
            long executions = st.executeUpdate("INSERT INTO task_executions (task_id, agent_type, execution_status,"
                    + " started_at, completed_at, duration, memory_usage_mb)"
                    + " SELECT t.id, t.assigned_agent, CASE WHEN t.status = 'failed' AND n = 2 THEN 'failed' ELSE 'succeeded' END,"
                    + " t.created_at + interval '10 minutes' * n, t.created_at + interval '10 minutes' * n"
                    + "   + interval '1 second' * (30 + (random() * 600)::int),"
                    + " interval '1 second' * (30 + (random() * 600)::int), 128 + (random() * 1024)::int"
                    + " FROM tasks t CROSS JOIN generate_series(1, 2) AS n WHERE t.status <> 'pending'");
            long validations = st.executeUpdate("INSERT INTO validations (task_id, pr_id, validation_type, result,"
                    + " started_at, completed_at)"
                    + " SELECT t.id, 'PR-' || t.id, (ARRAY['tests','lint','review'])[1 + (t.id % 3)::int],"
                    + " CASE WHEN t.id % 7 = 0 THEN 'failed' ELSE 'passed' END, t.completed_at - interval '5 minutes',"
                    + " t.completed_at FROM tasks t WHERE t.completed_at IS NOT NULL");
            long events = st.executeUpdate("INSERT INTO workflow_events (occurred_at, event_type, event_category, action,"
                    + " description, project_id, task_id)"
                    + " SELECT now() - interval '1 day' * (random() * " + DAYS + "),"
                    + " (ARRAY['task','execution','validation'])[1 + (g % 3)], (ARRAY['workflow','agent'])[1 + (g % 2)],"
                    + " (ARRAY['created','started','finished','retried'])[1 + (g % 4)], 'sandbox event ' || g,"
                    + " 1 + g % " + PROJECTS + ", 1 + g % " + TASKS
                    + " FROM generate_series(1, " + EVENTS + ") AS g");
            long auditLog = loadAuditLog(st);
            st.execute("ANALYZE");
            c.commit();
            return new Loaded(tasks, executions, validations, events, auditLog);
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    /**
     * The application's audit log, as a table created before anyone thought of partitioning it: one
     * row per change, ids in the order of time, over the past year. Left alone when a table of that
     * name exists (0 rows loaded).
     */
    private static long loadAuditLog(Statement st) throws SQLException {
        if (count(st, "SELECT count(*) FROM pg_class WHERE oid = to_regclass('" + AUDIT_LOG + "')") > 0) {
            return 0;
        }
        st.execute("CREATE TABLE " + AUDIT_LOG + " ("
                + " id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
                + " logged_at timestamptz NOT NULL DEFAULT now(),"
                + " actor text NOT NULL,"
                + " action text NOT NULL,"
                + " object_type text NOT NULL,"
                + " object_id bigint,"
                + " project_id bigint,"
                + " details jsonb NOT NULL DEFAULT '{}')");
        st.execute("CREATE INDEX " + AUDIT_LOG + "_object_idx ON " + AUDIT_LOG + " (object_type, object_id)");
        st.execute("COMMENT ON TABLE " + AUDIT_LOG + " IS 'Who changed what in the workflow system, one row per change'");
        st.execute("CREATE VIEW " + AUDIT_LOG_VIEW + " AS SELECT id, logged_at, actor, action, object_type, object_id,"
                + " project_id FROM " + AUDIT_LOG + " WHERE logged_at > now() - interval '7 days'");
        return st.executeUpdate("INSERT INTO " + AUDIT_LOG + " (logged_at, actor, action, object_type, object_id,"
                + " project_id, details)"
                + " SELECT a.logged_at, (ARRAY['codegen','claude_code','reviewer','scheduler','admin'])[1 + (a.g % 5)],"
                + " (ARRAY['create','update','assign','complete','delete'])[1 + (a.g % 5)],"
                + " (ARRAY['task','task','task','validation','project'])[1 + (a.g % 5)],"
                + " CASE WHEN a.g % 5 = 4 THEN 1 + a.g % " + PROJECTS + " ELSE 1 + a.g % " + TASKS + " END,"
                + " 1 + a.g % " + PROJECTS + ","
                + " jsonb_build_object('request_id', md5(a.g::text), 'source', (ARRAY['api','agent','ui'])[1 + (a.g % 3)])"
                + " FROM (SELECT g, now() - interval '1 day' * (random() * " + AUDIT_DAYS + ") AS logged_at"
                + "   FROM generate_series(1, " + AUDIT_ROWS + ") AS g) AS a ORDER BY a.logged_at");
    }

    private static long count(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
