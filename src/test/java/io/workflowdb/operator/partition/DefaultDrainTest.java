package io.workflowdb.operator.partition;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.Instant;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import io.workflowdb.operator.api.v1alpha1.LocalObjectReference;
import io.workflowdb.operator.api.v1alpha1.PartitionPolicySpec;
import io.workflowdb.operator.api.v1alpha1.PartitionPolicySpec.PartitionRetention;
import io.workflowdb.operator.testing.Sql;
import io.workflowdb.operator.testing.TestPostgres;

/**
 * The sandbox's case: rows of the past 15 months wait in the default partition of a monthly table
 * that keeps 12. The first run gives them partitions of their own and empties the default; the
 * next run's retention drops the months older than 12.
 */
class DefaultDrainTest {

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    @Test
    void rowsWaitingInTheDefaultGetTheirMonthsThenRetentionTakesTheOldOnes() throws Exception {
        DataSource db = TestPostgres.freshDatabase("default_drain");
        Sql.execute(db, "CREATE TABLE events (id bigserial, at timestamptz NOT NULL, PRIMARY KEY (id, at))"
                        + " PARTITION BY RANGE (at)",
                "CREATE TABLE events_default PARTITION OF events DEFAULT",
                "INSERT INTO events (at) SELECT timestamptz '2026-12-07T12:00:00Z' - g * interval '110 minutes'"
                        + " FROM generate_series(1, 6000) g",
                "INSERT INTO events (at) VALUES ('1970-01-01T00:00:00Z')");
        long beforeKept = Sql.count(db, "SELECT count(*) FROM events WHERE at >= '2026-01-01T00:00:00Z'");
        PartitionPolicySpec spec = spec();

        PartitionPass.Result first;
        try (Connection c = db.getConnection()) {
            first = PartitionPass.apply(c, spec, NOW);
        }

        assertThat(first.report().failure()).isNull();
        assertThat(first.report().movedRows()).isEqualTo(6000);
        assertThat(Sql.strings(db, "SELECT at::text FROM events_default")).as("only the row beyond the bound stays")
                .containsExactly("1970-01-01 00:00:00+00");
        assertThat(first.after().defaultPartitionRows()).isEqualTo(1);
        assertThat(Sql.count(db, "SELECT count(*) FROM pg_inherits WHERE inhparent = 'events'::regclass"))
                .as("the default, September 2025 (the oldest row's) to December 2026, and three premade").isEqualTo(1 + 16 + 3);

        PartitionPass.Result second;
        try (Connection c = db.getConnection()) {
            second = PartitionPass.apply(c, spec, NOW);
        }
        assertThat(second.report().dropped()).as("September to December 2025: 12 kept from January 2026").isEqualTo(4);
        assertThat(Sql.count(db, "SELECT count(*) FROM events")).isEqualTo(beforeKept + 1);
        assertThat(Sql.strings(db, "SELECT (min(at) >= '2026-01-01')::text FROM events WHERE at > '2000-01-01'"))
                .containsExactly("true");
    }

    private static PartitionPolicySpec spec() {
        PartitionPolicySpec spec = new PartitionPolicySpec();
        spec.databaseRef = new LocalObjectReference();
        spec.databaseRef.name = "db";
        spec.table = "events";
        spec.column = "at";
        spec.range = new PartitionPolicySpec.RangeSpec();
        spec.range.interval = PartitionPolicySpec.RangeSpec.Interval.MONTH;
        spec.retention = new PartitionRetention();
        spec.retention.keep = 12;
        return spec;
    }
}
