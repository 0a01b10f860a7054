package io.workflowdb.operator.schema.index;

import static io.workflowdb.operator.schema.index.IndexSpecs.column;
import static io.workflowdb.operator.schema.index.IndexSpecs.index;
import static io.workflowdb.operator.schema.index.IndexSpecs.window;
import static io.workflowdb.operator.schema.index.IndexTestDatabase.comment;
import static io.workflowdb.operator.schema.index.IndexTestDatabase.definition;
import static io.workflowdb.operator.schema.index.IndexTestDatabase.valid;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.workflowdb.operator.api.v1alpha1.IndexSpec;
import io.workflowdb.operator.testing.Sql;

/** The seed's "recent executions" index, which cannot call now(): a literal cutoff, rebuilt on schedule. */
class RollingWindowIndexTest {

    private static final IndexSpec RECENT = window(
            index("idx_executions_recent_performance", "task_executions",
                    column("agent_type"), column("execution_status"), column("duration")),
            "completed_at", "7d", "0 3 * * *");

    private static DataSource database;

    @BeforeAll
    static void freshDatabase() throws SQLException {
        database = IndexTestDatabase.create("idx_test_window");
        Sql.execute(database, """
                INSERT INTO task_executions (task_id, agent_type, execution_status, duration, completed_at)
                SELECT g, 'coder', 'done', interval '1 minute', timestamptz '2024-01-01' + g * interval '1 hour'
                FROM generate_series(1, 500) g""");
    }

    @Test
    void theCutoffIsALiteralThatMovesOnlyWhenTheScheduleFires() throws SQLException {
        IndexReport first = reconcile("2024-01-15T10:00:00.750Z");
        assertThat(first.ready()).isEqualTo(1);
        assertThat(definition(database, "idx_executions_recent_performance"))
                .endsWith("WHERE (completed_at >= '2024-01-08 10:00:00+00'::timestamp with time zone)");
        assertThat(comment(database, "idx_executions_recent_performance"))
                .endsWith(" cutoff=2024-01-08T10:00:00Z built=2024-01-15T10:00:00Z");

        IndexReport beforeTheFire = reconcile("2024-01-16T02:59:59Z");
        assertThat(beforeTheFire.executed()).isEmpty();
        assertThat(definition(database, "idx_executions_recent_performance")).contains("'2024-01-08 10:00:00+00'");

        IndexReport afterTheFire = reconcile("2024-01-16T03:00:30Z");
        assertThat(afterTheFire.executed()).contains("DROP INDEX CONCURRENTLY \"public\".\"idx_executions_recent_performance_wfdb_old\"");
        assertThat(definition(database, "idx_executions_recent_performance"))
                .endsWith("WHERE (completed_at >= '2024-01-09 03:00:30+00'::timestamp with time zone)");
        assertThat(comment(database, "idx_executions_recent_performance")).endsWith(" built=2024-01-16T03:00:30Z");
        assertThat(valid(database, "idx_executions_recent_performance")).isTrue();

        assertThat(reconcile("2024-01-16T09:00:00Z").executed()).isEmpty();
    }

    private static IndexReport reconcile(String now) throws SQLException {
        try (Connection c = database.getConnection()) {
            return Indexes.reconcile(c, List.of(RECENT), Clock.fixed(Instant.parse(now), ZoneOffset.UTC));
        }
    }
}
