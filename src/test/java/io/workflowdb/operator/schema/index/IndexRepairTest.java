package io.workflowdb.operator.schema.index;

import static io.workflowdb.operator.schema.index.IndexSpecs.column;
import static io.workflowdb.operator.schema.index.IndexSpecs.desc;
import static io.workflowdb.operator.schema.index.IndexSpecs.index;
import static io.workflowdb.operator.schema.index.IndexTestDatabase.catalog;
import static io.workflowdb.operator.schema.index.IndexTestDatabase.definition;
import static io.workflowdb.operator.testing.Sql.execute;
import static io.workflowdb.operator.schema.index.IndexTestDatabase.valid;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.workflowdb.operator.api.v1alpha1.IndexSpec;

/** What the operator does with indexes that changed behind its back, and with indexes that are not its own. */
class IndexRepairTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-01-15T10:00:00Z"), ZoneOffset.UTC);
    private static final IndexSpec PRIORITY = index("idx_tasks_priority", "tasks", desc("priority"));
    private static final IndexSpec STATUS = index("idx_tasks_status", "tasks", column("status"));

    private DataSource database;

    @BeforeEach
    void freshDatabase() throws SQLException {
        database = IndexTestDatabase.create("idx_test_repair");
        execute(database, "INSERT INTO tasks (project_id, title, priority) SELECT g, 't' || g, g % 7 FROM generate_series(1, 1000) g");
    }

    @Test
    void anInvalidOwnedIndexIsDroppedAndRebuiltValid() throws SQLException {
        reconcile(List.of(PRIORITY));
        execute(database, "UPDATE pg_index SET indisvalid = false WHERE indexrelid = 'idx_tasks_priority'::regclass");
        assertThat(valid(database, "idx_tasks_priority")).isFalse();

        IndexReport report = reconcile(List.of(PRIORITY));

        assertThat(report.executed()).startsWith("DROP INDEX CONCURRENTLY \"public\".\"idx_tasks_priority\"");
        assertThat(report.ready()).isEqualTo(1);
        assertThat(valid(database, "idx_tasks_priority")).isTrue();
    }

    @Test
    void anInvalidLeftoverOfAFailedBuildIsDroppedBeforeTheNextBuild() throws SQLException {
        execute(database, "INSERT INTO tasks (project_id, title, priority) VALUES (1, 'dup', 1), (1, 'dup', 1)");
        try (Connection c = database.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE UNIQUE INDEX CONCURRENTLY idx_tasks_priority_wfdb_new ON tasks (title)");
        } catch (SQLException expected) {
            // the duplicate makes the concurrent build fail, leaving an INVALID index behind
        }
        assertThat(definition(database, "idx_tasks_priority_wfdb_new")).isNotNull();

        IndexReport report = reconcile(List.of(PRIORITY));

        assertThat(report.executed()).startsWith("DROP INDEX CONCURRENTLY \"public\".\"idx_tasks_priority_wfdb_new\"");
        assertThat(valid(database, "idx_tasks_priority")).isTrue();
        assertThat(definition(database, "idx_tasks_priority_wfdb_new")).isNull();
    }

    @Test
    void anOwnedIndexDroppedByHandIsCreatedAgain() throws SQLException {
        reconcile(List.of(PRIORITY, STATUS));
        execute(database, "DROP INDEX idx_tasks_status");

        IndexReport report = reconcile(List.of(PRIORITY, STATUS));

        assertThat(report.ready()).isEqualTo(2);
        assertThat(valid(database, "idx_tasks_status")).isTrue();
        assertThat(report.executed()).noneMatch(sql -> sql.contains("idx_tasks_priority"));
    }

    @Test
    void anUnmanagedIndexWithTheDeclaredNameIsReportedAndNeverTouched() throws SQLException {
        execute(database, "CREATE INDEX idx_tasks_priority ON tasks (title)");
        long oid = oid("idx_tasks_priority");

        IndexReport report = reconcile(List.of(PRIORITY));

        assertThat(report.failures()).singleElement().satisfies(failure -> {
            assertThat(failure.index()).isEqualTo("idx_tasks_priority");
            assertThat(failure.message()).contains("exists and is not managed by the operator");
        });
        assertThat(report.executed()).isEmpty();
        assertThat(oid("idx_tasks_priority")).isEqualTo(oid);
        assertThat(definition(database, "idx_tasks_priority")).endsWith("(title)");
    }

    @Test
    void anIndexRemovedFromTheSpecIsDroppedConcurrentlyAndUnmanagedOnesStay() throws SQLException {
        reconcile(List.of(PRIORITY, STATUS));
        execute(database, "CREATE INDEX idx_by_hand ON tasks (assigned_agent)");

        IndexReport report = reconcile(List.of(PRIORITY));

        assertThat(report.executed()).containsExactly("DROP INDEX CONCURRENTLY \"public\".\"idx_tasks_status\"");
        assertThat(definition(database, "idx_tasks_status")).isNull();
        assertThat(valid(database, "idx_by_hand")).isTrue();
        assertThat(reconcile(List.of()).executed()).containsExactly("DROP INDEX CONCURRENTLY \"public\".\"idx_tasks_priority\"");
        assertThat(catalog(database)).anyMatch(row -> row.contains("idx_by_hand")).anyMatch(row -> row.contains("tasks_pkey"));
    }

    @Test
    void theSessionTimeoutsAreRestoredAfterwards() throws SQLException {
        try (Connection c = database.getConnection(); Statement st = c.createStatement()) {
            st.execute("SET lock_timeout = '42s'");
            Indexes.reconcile(c, List.of(PRIORITY), CLOCK);
            try (ResultSet rs = st.executeQuery("SELECT current_setting('lock_timeout'), current_setting('statement_timeout')")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("42s");
                assertThat(rs.getString(2)).isEqualTo("0");
            }
        }
    }

    private long oid(String index) throws SQLException {
        try (Connection c = database.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT '" + index + "'::regclass::oid")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private IndexReport reconcile(List<IndexSpec> specs) throws SQLException {
        try (Connection c = database.getConnection()) {
            return Indexes.reconcile(c, specs, CLOCK);
        }
    }
}
