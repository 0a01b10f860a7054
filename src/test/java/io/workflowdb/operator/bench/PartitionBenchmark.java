package io.workflowdb.operator.bench;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import io.workflowdb.operator.api.v1alpha1.LocalObjectReference;
import io.workflowdb.operator.api.v1alpha1.PartitionPolicySpec;
import io.workflowdb.operator.partition.execute.ExecutionReport;
import io.workflowdb.operator.partition.execute.PartitionCatalog;
import io.workflowdb.operator.partition.execute.PartitionExecutor;
import io.workflowdb.operator.partition.model.ObservedPartition;
import io.workflowdb.operator.partition.model.PartitionAction;
import io.workflowdb.operator.partition.model.PartitionSnapshot;
import io.workflowdb.operator.partition.plan.PartitionPlanner;
import io.workflowdb.operator.schema.migration.Migrations;
import io.workflowdb.operator.testing.TestPostgres;

/**
 * Prints how long partition upkeep takes: planning over 3,650 daily partitions (pure), a pass with
 * nothing to do against a real PostgreSQL, and creating a month partition that takes 1,000,000
 * rows out of the default partition. Run with {@code bench/partition.sh}; figures, not assertions.
 */
public final class PartitionBenchmark {

    static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    static final Duration LOCK_TIMEOUT = Duration.ofSeconds(5);

    public static void main(String[] args) throws Exception {
        plannerOverTenYearsOfDays();
        DataSource db = workflowDatabase();
        nothingToDo(db);
        movingRowsOutOfTheDefault(db, args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000);
        System.exit(0);
    }

    static void plannerOverTenYearsOfDays() {
        PartitionPolicySpec spec = daily(3650);
        List<ObservedPartition> partitions = new ArrayList<>();
        Instant day = NOW.atZone(ZoneOffset.UTC).toLocalDate().minusDays(3649).atStartOfDay(ZoneOffset.UTC).toInstant();
        for (int i = 0; i < 3650 + 7; i++) {
            Instant next = day.plus(Duration.ofDays(1));
            partitions.add(new ObservedPartition("workflow_events_d" + i, day, next, null, null, false, false, ""));
            day = next;
        }
        partitions.add(new ObservedPartition("workflow_events_default", null, null, null, null, true, false, "DEFAULT"));
        PartitionSnapshot snapshot = new PartitionSnapshot(true, true, "range", List.of("occurred_at"), false, partitions, 0);
        for (int warm = 0; warm < 20; warm++) {
            PartitionPlanner.plan(spec, snapshot, NOW);
        }
        int runs = 200;
        long start = System.nanoTime();
        int actions = 0;
        for (int i = 0; i < runs; i++) {
            actions += PartitionPlanner.plan(spec, snapshot, NOW).size();
        }
        double perPlan = (System.nanoTime() - start) / 1e6 / runs;
        System.out.printf("planner, %d daily partitions, nothing to do: %.2f ms per plan (%d runs, %d actions)%n",
                partitions.size() - 1, perPlan, runs, actions);
    }

    static void nothingToDo(DataSource db) throws Exception {
        PartitionPolicySpec spec = monthly();
        try (Connection c = db.getConnection()) {
            ExecutionReport first = PartitionExecutor.run(c, spec.table, spec.column,
                    PartitionPlanner.plan(spec, PartitionCatalog.read(c, spec.table, spec.column, true), NOW), LOCK_TIMEOUT);
            System.out.printf("first pass: %d partitions created%n", first.created());
            for (int i = 0; i < 5; i++) {
                long start = System.nanoTime();
                PartitionSnapshot snapshot = PartitionCatalog.read(c, spec.table, spec.column, true);
                List<PartitionAction> plan = PartitionPlanner.plan(spec, snapshot, NOW);
                ExecutionReport report = PartitionExecutor.run(c, spec.table, spec.column, plan, LOCK_TIMEOUT);
                System.out.printf("pass with nothing to do: %.1f ms (catalog read, plan of %d actions, executor %s)%n",
                        (System.nanoTime() - start) / 1e6, plan.size(), report.succeeded() ? "ok" : report.failure());
            }
        }
    }

    static void movingRowsOutOfTheDefault(DataSource db, int rows) throws Exception {
        Instant from = Instant.parse("2027-06-01T00:00:00Z");
        Instant to = Instant.parse("2027-07-01T00:00:00Z");
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            long start = System.nanoTime();
            st.execute("INSERT INTO workflow_events (occurred_at, event_type, event_category, action)"
                    + " SELECT timestamptz '2027-06-01 00:00:00+00' + (g % 2592000) * interval '1 second',"
                    + " 'task_updated', 'task', 'update' FROM generate_series(1, " + rows + ") g");
            System.out.printf("inserted %,d rows into the default partition in %.1f s%n", rows,
                    (System.nanoTime() - start) / 1e9);
            start = System.nanoTime();
            ExecutionReport report = PartitionExecutor.run(c, "workflow_events", "occurred_at", List.of(
                    new PartitionAction.CreateRangePartition("workflow_events_p2027_06", from, to, null, null)),
                    LOCK_TIMEOUT);
            System.out.printf("created workflow_events_p2027_06, moving %,d rows out of the default partition: %.1f s (%s)%n",
                    report.movedRows(), (System.nanoTime() - start) / 1e9, report.succeeded() ? "ok" : report.failure());
        }
    }

    private static DataSource workflowDatabase() throws Exception {
        try (Connection c = TestPostgres.superuser("postgres").getConnection(); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS partition_bench");
            st.execute("CREATE DATABASE partition_bench");
        }
        DataSource db = TestPostgres.superuser("partition_bench");
        Migrations.migrate(db, true, List.of());
        return db;
    }

    private static PartitionPolicySpec daily(int keep) {
        PartitionPolicySpec spec = base();
        spec.range = new PartitionPolicySpec.RangeSpec();
        spec.range.interval = PartitionPolicySpec.RangeSpec.Interval.DAY;
        spec.range.premake = 7;
        spec.retention = new PartitionPolicySpec.PartitionRetention();
        spec.retention.keep = keep;
        return spec;
    }

    private static PartitionPolicySpec monthly() {
        PartitionPolicySpec spec = base();
        spec.range = new PartitionPolicySpec.RangeSpec();
        spec.range.interval = PartitionPolicySpec.RangeSpec.Interval.MONTH;
        spec.range.premake = 3;
        return spec;
    }

    private static PartitionPolicySpec base() {
        PartitionPolicySpec spec = new PartitionPolicySpec();
        spec.databaseRef = new LocalObjectReference("bench");
        spec.table = "workflow_events";
        spec.column = "occurred_at";
        return spec;
    }
}
