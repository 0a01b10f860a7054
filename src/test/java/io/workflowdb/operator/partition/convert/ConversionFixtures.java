package io.workflowdb.operator.partition.convert;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import io.workflowdb.operator.api.v1alpha1.ConversionSpec;
import io.workflowdb.operator.api.v1alpha1.LocalObjectReference;
import io.workflowdb.operator.api.v1alpha1.PartitionPolicySpec;
import io.workflowdb.operator.testing.Sql;

/** Tables shaped like the seed's two partitioned tables, populated, and policies that convert them. */
final class ConversionFixtures {

    static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    private ConversionFixtures() {
    }

    /** workflow_events: identity key without the partition key, rows over the 24 months before NOW. */
    static void events(DataSource db, int rows) {
        Sql.execute(db, """
                CREATE TABLE workflow_events (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    occurred_at timestamptz NOT NULL DEFAULT now(),
                    event_type text NOT NULL CHECK (event_type <> ''),
                    project_id integer,
                    payload jsonb NOT NULL DEFAULT '{}')""",
                "CREATE INDEX workflow_events_project_idx ON workflow_events (project_id, occurred_at)",
                "COMMENT ON TABLE workflow_events IS 'every event of every workflow'",
                "COMMENT ON COLUMN workflow_events.payload IS 'event body'",
                "INSERT INTO workflow_events (occurred_at, event_type, project_id, payload)"
                        + " SELECT timestamptz '" + NOW + "' - (g % 720) * interval '1 day' - g * interval '1 second',"
                        + " 'task', g % 97, jsonb_build_object('n', g) FROM generate_series(1, " + rows + ") g",
                "CREATE VIEW recent_events AS SELECT id, event_type FROM workflow_events WHERE project_id < 50",
                "ANALYZE workflow_events");
    }

    /** task_executions: a primary key that holds the hash key, a serial column. */
    static void tasks(DataSource db, int rows) {
        Sql.execute(db, """
                CREATE TABLE task_executions (
                    task_id uuid NOT NULL,
                    attempt integer NOT NULL,
                    seq bigserial,
                    status text NOT NULL,
                    started_at timestamptz NOT NULL DEFAULT now(),
                    PRIMARY KEY (task_id, attempt))""",
                "INSERT INTO task_executions (task_id, attempt, status)"
                        + " SELECT md5(g::text)::uuid, 1, 'done' FROM generate_series(1, " + rows + ") g",
                "ANALYZE task_executions");
    }

    static PartitionPolicySpec monthly(String table, String column) {
        PartitionPolicySpec spec = base(table, column);
        spec.range = new PartitionPolicySpec.RangeSpec();
        spec.range.interval = PartitionPolicySpec.RangeSpec.Interval.MONTH;
        return spec;
    }

    static PartitionPolicySpec hashed(String table, String column, int modulus) {
        PartitionPolicySpec spec = base(table, column);
        spec.hash = new PartitionPolicySpec.HashSpec();
        spec.hash.modulus = modulus;
        return spec;
    }

    private static PartitionPolicySpec base(String table, String column) {
        PartitionPolicySpec spec = new PartitionPolicySpec();
        spec.databaseRef = new LocalObjectReference();
        spec.databaseRef.name = "db";
        spec.table = table;
        spec.column = column;
        spec.conversion = new ConversionSpec();
        spec.conversion.mode = ConversionSpec.Mode.ONLINE;
        spec.conversion.batchSize = 1000;
        return spec;
    }

    /** Runs the conversion call after call until it ends; the reports of every call. */
    static List<OnlineConversion.Report> untilEnd(DataSource db, PartitionPolicySpec spec) throws SQLException {
        List<OnlineConversion.Report> reports = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            OnlineConversion.Report report;
            try (Connection c = db.getConnection()) {
                report = OnlineConversion.run(c, spec, NOW, Duration.ofSeconds(2), null, OnlineConversion.Listener.NONE);
            }
            reports.add(report);
            switch (report.result()) {
                case IN_PROGRESS, WAITING -> {
                }
                default -> {
                    return reports;
                }
            }
        }
        throw new AssertionError("the conversion never ended: " + reports.get(reports.size() - 1));
    }
}
