package io.workflowdb.operator.schema.index;

import static io.workflowdb.operator.testing.Sql.execute;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import io.workflowdb.operator.sql.Identifiers;
import io.workflowdb.operator.testing.TestPostgres;

/** A fresh database on the shared test server with a small slice of the workflow schema. */
final class IndexTestDatabase {

    private static final String SCHEMA = """
            CREATE TABLE tasks (
                id bigserial PRIMARY KEY,
                project_id bigint NOT NULL,
                title text NOT NULL,
                status text NOT NULL DEFAULT 'pending',
                priority int NOT NULL DEFAULT 0,
                assigned_agent text,
                requirements jsonb NOT NULL DEFAULT '{}',
                context jsonb NOT NULL DEFAULT '{}',
                created_at timestamptz NOT NULL DEFAULT now(),
                updated_at timestamptz NOT NULL DEFAULT now());
            CREATE TABLE task_executions (
                id bigserial PRIMARY KEY,
                task_id bigint NOT NULL,
                agent_type text NOT NULL,
                execution_status text NOT NULL,
                duration interval,
                memory_usage_mb int,
                completed_at timestamptz);
            CREATE TABLE workflow_events (
                id bigserial,
                event_type text NOT NULL,
                payload jsonb NOT NULL DEFAULT '{}',
                created_at timestamptz NOT NULL,
                PRIMARY KEY (id, created_at)) PARTITION BY RANGE (created_at);
            CREATE TABLE workflow_events_2024_01 PARTITION OF workflow_events FOR VALUES FROM ('2024-01-01') TO ('2024-02-01');
            CREATE TABLE workflow_events_2024_02 PARTITION OF workflow_events FOR VALUES FROM ('2024-02-01') TO ('2024-03-01');
            CREATE TABLE workflow_events_2024_03 PARTITION OF workflow_events FOR VALUES FROM ('2024-03-01') TO ('2024-04-01');
            """;

    private IndexTestDatabase() {
    }

    /** Creates (or recreates) a database with the tables above. */
    static DataSource create(String name) throws SQLException {
        try (Connection c = TestPostgres.superuser("postgres").getConnection(); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + Identifiers.quote(name) + " WITH (FORCE)");
            st.execute("CREATE DATABASE " + Identifiers.quote(name));
        }
        DataSource database = TestPostgres.superuser(name);
        execute(database, SCHEMA);
        return database;
    }


    /** pg_get_indexdef with timestamps shown in UTC, or null when there is no such index. */
    static String definition(DataSource database, String index) throws SQLException {
        return queryOne(database, "SELECT pg_get_indexdef(to_regclass(?))", index);
    }

    static String comment(DataSource database, String index) throws SQLException {
        return queryOne(database, "SELECT obj_description(to_regclass(?), 'pg_class')", index);
    }

    static boolean valid(DataSource database, String index) throws SQLException {
        return "valid".equals(queryOne(database, "SELECT 'valid' FROM pg_index WHERE indexrelid = to_regclass(?) AND indisvalid", index));
    }

    /** Every user index as "name comment valid", to compare the catalog before and after. */
    static List<String> catalog(DataSource database) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = database.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("""
                        SELECT c.oid, c.relname, obj_description(c.oid, 'pg_class'), i.indisvalid
                        FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                        WHERE c.relnamespace = 'public'::regnamespace ORDER BY c.relname""")) {
            while (rs.next()) {
                rows.add(rs.getLong(1) + " " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getBoolean(4));
            }
        }
        return rows;
    }

    private static String queryOne(DataSource database, String sql, String parameter) throws SQLException {
        try (Connection c = database.getConnection()) {
            try (Statement st = c.createStatement()) {
                st.execute("SET TimeZone = 'UTC'");
            }
            try (PreparedStatement st = c.prepareStatement(sql)) {
                st.setString(1, parameter);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        }
    }
}
