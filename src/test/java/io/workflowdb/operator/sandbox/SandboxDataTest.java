package io.workflowdb.operator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import io.workflowdb.operator.schema.migration.Migrations;
import io.workflowdb.operator.testing.TestPostgres;

class SandboxDataTest {

    @Test
    void loadsAHistoryOverFifteenMonthsOnceIntoTheWorkflowSchema() throws Exception {
        DataSource db = TestPostgres.freshDatabase("sandbox_data");
        Migrations.migrate(db, true, List.of());
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            SandboxData.Loaded loaded = SandboxData.loadIfEmpty(c);
            assertThat(loaded.tasks()).isEqualTo(SandboxData.TASKS);
            assertThat(loaded.events()).isEqualTo(SandboxData.EVENTS);
            assertThat(loaded.executions()).isPositive();
            assertThat(loaded.validations()).isPositive();
            assertThat(value(st, "SELECT count(DISTINCT date_trunc('month', created_at)) FROM tasks"))
                    .as("months with tasks").isBetween(15L, 17L);
            assertThat(value(st, "SELECT count(*) FROM tasks WHERE status = 'completed'"
                    + " AND completed_at < now() - interval '90 days'")).as("due for the retention example").isPositive();
            assertThat(value(st, "SELECT count(DISTINCT date_trunc('month', occurred_at)) FROM workflow_events"))
                    .isBetween(15L, 17L);

            assertThat(SandboxData.loadIfEmpty(c).any()).as("a second load changes nothing").isFalse();
            assertThat(value(st, "SELECT count(*) FROM tasks")).isEqualTo(SandboxData.TASKS);
        }
    }

    private static long value(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
