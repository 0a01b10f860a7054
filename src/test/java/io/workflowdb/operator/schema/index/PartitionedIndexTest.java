package io.workflowdb.operator.schema.index;

import static io.workflowdb.operator.schema.index.IndexSpecs.column;
import static io.workflowdb.operator.schema.index.IndexSpecs.desc;
import static io.workflowdb.operator.schema.index.IndexSpecs.gin;
import static io.workflowdb.operator.schema.index.IndexSpecs.index;
import static io.workflowdb.operator.schema.index.IndexSpecs.opclass;
import static io.workflowdb.operator.schema.index.IndexTestDatabase.catalog;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.workflowdb.operator.api.v1alpha1.IndexSpec;
import io.workflowdb.operator.testing.Sql;

/** Indexes on range-partitioned workflow_events, one partition of it hash-partitioned again. */
class PartitionedIndexTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-01-15T10:00:00Z"), ZoneOffset.UTC);

    private static DataSource database;

    @BeforeEach
    void freshDatabase() throws SQLException {
        database = IndexTestDatabase.create("idx_test_partitioned");
        Sql.execute(database, """
                CREATE TABLE workflow_events_2024_04 PARTITION OF workflow_events
                    FOR VALUES FROM ('2024-04-01') TO ('2024-05-01') PARTITION BY HASH (id);
                CREATE TABLE workflow_events_2024_04_h0 PARTITION OF workflow_events_2024_04 FOR VALUES WITH (MODULUS 2, REMAINDER 0);
                CREATE TABLE workflow_events_2024_04_h1 PARTITION OF workflow_events_2024_04 FOR VALUES WITH (MODULUS 2, REMAINDER 1);
                INSERT INTO workflow_events (event_type, payload, created_at)
                SELECT (ARRAY['task_created','task_done'])[1 + g % 2], jsonb_build_object('task', g),
                       timestamptz '2024-01-01' + (g % 120) * interval '1 day'
                FROM generate_series(1, 2000) g;
                """);
    }

    @Test
    void theIndexIsOnTheParentAndEveryPartitionValidAndAttached() throws SQLException {
        IndexSpec type = index("idx_events_type", "workflow_events", column("event_type"));
        IndexSpec payload = gin("idx_events_payload", "workflow_events", opclass(column("payload"), "jsonb_path_ops"));

        IndexReport report = reconcile(type, payload);

        assertThat(report.failures()).isEmpty();
        assertThat(report.ready()).isEqualTo(2);
        assertThat(tree("idx_events_type")).containsExactly(
                "idx_events_type on workflow_events valid",
                "idx_events_type_workflow_events_2024_01 on workflow_events_2024_01 valid",
                "idx_events_type_workflow_events_2024_02 on workflow_events_2024_02 valid",
                "idx_events_type_workflow_events_2024_03 on workflow_events_2024_03 valid",
                "idx_events_type_workflow_events_2024_04 on workflow_events_2024_04 valid",
                "idx_events_type_workflow_events_2024_04_h0 on workflow_events_2024_04_h0 valid",
                "idx_events_type_workflow_events_2024_04_h1 on workflow_events_2024_04_h1 valid");
        assertThat(tree("idx_events_payload")).hasSize(7).allMatch(row -> row.endsWith(" valid"));
        assertThat(reconcile(type, payload).executed()).isEmpty();
    }

    @Test
    void aChangedDefinitionRebuildsTheWholeTreeAndRemovalDropsIt() throws SQLException {
        reconcile(index("idx_events_created", "workflow_events", column("created_at")));

        IndexReport changed = reconcile(index("idx_events_created", "workflow_events", desc("created_at")));

        assertThat(changed.failures()).isEmpty();
        assertThat(changed.executed()).contains("DROP INDEX \"public\".\"idx_events_created_wfdb_old\"");
        assertThat(tree("idx_events_created")).hasSize(7).allMatch(row -> row.endsWith(" valid"))
                .allMatch(row -> row.startsWith("idx_events_created"));
        assertThat(catalog(database)).noneMatch(row -> row.contains("_wfdb_"));
        assertThat(definitionOf("idx_events_created_workflow_events_2024_02")).contains("(created_at DESC)");

        IndexReport removed = reconcile();

        assertThat(removed.executed()).containsExactly("DROP INDEX \"public\".\"idx_events_created\"");
        assertThat(catalog(database)).noneMatch(row -> row.contains("idx_events_created"));
    }

    /** The partition tree of an index: each member as "index on table valid|INVALID", parents first. */
    private static List<String> tree(String index) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = database.getConnection(); PreparedStatement st = c.prepareStatement("""
                SELECT ic.relname, tc.relname, i.indisvalid
                FROM pg_partition_tree(to_regclass(?)) tree
                JOIN pg_class ic ON ic.oid = tree.relid
                JOIN pg_index i ON i.indexrelid = tree.relid
                JOIN pg_class tc ON tc.oid = i.indrelid
                ORDER BY tree.level, ic.relname""")) {
            st.setString(1, index);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getString(1) + " on " + rs.getString(2) + (rs.getBoolean(3) ? " valid" : " INVALID"));
                }
            }
        }
        return rows;
    }

    private static String definitionOf(String index) throws SQLException {
        return IndexTestDatabase.definition(database, index);
    }

    private static IndexReport reconcile(IndexSpec... specs) throws SQLException {
        try (Connection c = database.getConnection()) {
            return Indexes.reconcile(c, List.of(specs), CLOCK);
        }
    }
}
