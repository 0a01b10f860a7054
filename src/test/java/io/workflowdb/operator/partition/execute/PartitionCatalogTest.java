package io.workflowdb.operator.partition.execute;

import static io.workflowdb.operator.testing.Sql.execute;
import static io.workflowdb.operator.partition.execute.PartitionDatabases.insertEvents;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.workflowdb.operator.partition.model.ObservedPartition;
import io.workflowdb.operator.partition.model.PartitionSnapshot;

class PartitionCatalogTest {

    private static DataSource db;

    @BeforeAll
    static void install() {
        db = PartitionDatabases.freshWorkflowSchema("part_catalog");
    }

    @Test
    void rangeTableWithOnlyItsDefaultPartitionAndTheRowsInIt() throws Exception {
        insertEvents(db, "2026-01-05T10:00:00Z", "2026-02-05T10:00:00Z", "2030-01-01T00:00:00Z");
        try (Connection c = db.getConnection()) {
            PartitionSnapshot snapshot = PartitionCatalog.read(c, "public.workflow_events", "occurred_at");

            assertThat(snapshot.tableExists()).isTrue();
            assertThat(snapshot.partitioned()).isTrue();
            assertThat(snapshot.strategy()).isEqualTo("range");
            assertThat(snapshot.keyColumns()).containsExactly("occurred_at");
            assertThat(snapshot.partitions()).containsExactly(
                    new ObservedPartition("workflow_events_default", null, null, null, null, true, false, "DEFAULT"));
            assertThat(snapshot.defaultPartitionRows()).isEqualTo(3);
        } finally {
            execute(db, "TRUNCATE workflow_events");
        }
    }

    @Test
    void hashTableWithItsFourPartitions() throws Exception {
        try (Connection c = db.getConnection()) {
            PartitionSnapshot snapshot = PartitionCatalog.read(c, "task_executions", "task_id");

            assertThat(snapshot.strategy()).isEqualTo("hash");
            assertThat(snapshot.keyColumns()).containsExactly("task_id");
            assertThat(snapshot.defaultPartitionRows()).isZero();
            assertThat(snapshot.partitions()).hasSize(4).allSatisfy(p -> {
                assertThat(p.modulus()).isEqualTo(4);
                assertThat(p.isDefault()).isFalse();
                assertThat(p.from()).isNull();
            });
            assertThat(snapshot.partitions()).extracting(ObservedPartition::name, ObservedPartition::remainder)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("task_executions_p0", 0),
                            org.assertj.core.groups.Tuple.tuple("task_executions_p1", 1),
                            org.assertj.core.groups.Tuple.tuple("task_executions_p2", 2),
                            org.assertj.core.groups.Tuple.tuple("task_executions_p3", 3));
            assertThat(snapshot.partitions().get(1).bound()).isEqualTo("FOR VALUES WITH (modulus 4, remainder 1)");
        }
    }

    @Test
    void rangeBoundsAreInstantsWhateverTheSessionTimeZoneAndOpenEndsAreNull() throws Exception {
        execute(db, "CREATE TABLE metrics (at timestamptz NOT NULL) PARTITION BY RANGE (at)",
                "CREATE TABLE metrics_old PARTITION OF metrics FOR VALUES FROM (MINVALUE) TO ('2026-01-01T00:00:00Z')",
                "CREATE TABLE metrics_2026_01 PARTITION OF metrics"
                        + " FOR VALUES FROM ('2026-01-01T00:00:00Z') TO ('2026-02-01T00:00:00Z')",
                "CREATE TABLE metrics_future PARTITION OF metrics FOR VALUES FROM ('2026-02-01T00:00:00Z') TO (MAXVALUE)");
        try (Connection c = db.getConnection()) {
            try (Statement st = c.createStatement()) {
                st.execute("SET TIME ZONE 'Asia/Kolkata'");
            }
            PartitionSnapshot snapshot = PartitionCatalog.read(c, "metrics", "at");

            assertThat(snapshot.partitions()).extracting(ObservedPartition::name, ObservedPartition::from,
                    ObservedPartition::to).containsExactly(
                            org.assertj.core.groups.Tuple.tuple("metrics_2026_01", Instant.parse("2026-01-01T00:00:00Z"),
                                    Instant.parse("2026-02-01T00:00:00Z")),
                            org.assertj.core.groups.Tuple.tuple("metrics_future", Instant.parse("2026-02-01T00:00:00Z"), null),
                            org.assertj.core.groups.Tuple.tuple("metrics_old", null, Instant.parse("2026-01-01T00:00:00Z")));
            assertThat(snapshot.partitions().get(0).bound()).contains("+05:30");
        }
    }

    @Test
    void unpartitionedTableIsProbedForRowsAndAMissingTableIsReportedAbsent() throws Exception {
        try (Connection c = db.getConnection()) {
            PartitionSnapshot empty = PartitionCatalog.read(c, "projects", "created_at");
            assertThat(empty.tableExists()).isTrue();
            assertThat(empty.partitioned()).isFalse();
            assertThat(empty.strategy()).isNull();
            assertThat(empty.keyColumns()).isEmpty();
            assertThat(empty.empty()).isTrue();
            assertThat(empty.partitions()).isEmpty();

            execute(db, "INSERT INTO projects (name) VALUES ('catalog')");
            assertThat(PartitionCatalog.read(c, "projects", "created_at").empty()).isFalse();

            PartitionSnapshot missing = PartitionCatalog.read(c, "public.nothing_here", "created_at");
            assertThat(missing.tableExists()).isFalse();
            assertThat(missing.partitions()).isEmpty();
        }
    }

    @Test
    void aKeyColumnTheTableLacksIsRefused() throws Exception {
        try (Connection c = db.getConnection()) {
            assertThatThrownBy(() -> PartitionCatalog.read(c, "workflow_events", "created_at"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("has no column \"created_at\"");
        }
    }

    @Test
    void aRangeKeyOfTheWrongTypeIsRefused() throws Exception {
        try (Connection c = db.getConnection()) {
            assertThatThrownBy(() -> PartitionCatalog.read(c, "workflow_events", "event_type", true))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("column event_type of workflow_events is text")
                    .hasMessageContaining("needs timestamp with time zone");
            assertThat(PartitionCatalog.read(c, "workflow_events", "occurred_at", true).partitioned()).isTrue();
        }
    }
}
