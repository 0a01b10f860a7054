package io.workflowdb.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.workflowdb.operator.testing.Sql;
import io.workflowdb.operator.testing.TestPostgres;

/** {@code plan} and {@code apply} of a PartitionPolicy that converts a populated table online. */
class ConversionCommandsTest {

    static final String EXAMPLE = "examples/conversion/workflow-events-monthly.yaml";

    @TempDir
    Path dir;

    @Test
    void planDescribesTheConversionThenApplyRunsItWithALinePerBatch() throws Exception {
        DataSource db = TestPostgres.freshDatabase("cli_convert");
        Sql.execute(db, """
                CREATE TABLE workflow_events (id bigserial PRIMARY KEY, occurred_at timestamptz NOT NULL,
                                              event_type text NOT NULL)""",
                "INSERT INTO workflow_events (occurred_at, event_type) SELECT now() - g * interval '1 hour', 'task'"
                        + " FROM generate_series(1, 30000) g",
                "ANALYZE workflow_events");
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(policy, Files.readString(Path.of(EXAMPLE)).replace("batchSize: 10000", "batchSize: 5000"));

        String[] plan = CommandRun.onDatabase(db, "plan", policy.toString());
        assertThat(plan[0]).as(plan[2]).isEqualTo("0");
        assertThat(plan[1]).contains("-- online conversion of public.workflow_events into a table partitioned by range"
                + " (occurred_at), about 30000 rows")
                .contains("primary key (id, occurred_at), the partition key added")
                .contains("-- 5. swap in one transaction (lock_timeout 200 ms, retried)");
        assertThat(Sql.strings(db, "SELECT to_regclass('workflow_events_wfdb_new')::text")).as("plan changes nothing")
                .containsExactly((String) null);

        String[] apply = CommandRun.onDatabase(db, "apply", policy.toString());
        assertThat(apply[0]).as(apply[1] + apply[2]).isEqualTo("0");
        assertThat(apply[1]).contains("workflow-events-monthly: batch 1: ").contains("Swapping: verified: 30000 rows")
                .contains("converted; the original table is kept as workflow_events_wfdb_unpartitioned")
                .containsPattern("workflow-events-monthly: 0 created, 0 detached, [1-9][0-9]* dropped");
        assertThat(Sql.count(db, "SELECT count(*) FROM workflow_events_wfdb_unpartitioned")).isEqualTo(30_000);
        assertThat(Sql.count(db, "SELECT count(*) FROM workflow_events")).as("retention keeps 24 months of the 41")
                .isEqualTo(Sql.count(db, "SELECT count(*) FROM workflow_events_wfdb_unpartitioned WHERE occurred_at >="
                        + " (date_trunc('month', now() AT TIME ZONE 'UTC') - interval '23 months') AT TIME ZONE 'UTC'"));
        assertThat(Sql.strings(db, "SELECT relkind::text FROM pg_class WHERE oid = 'workflow_events'::regclass"))
                .containsExactly("p");

        String[] again = CommandRun.onDatabase(db, "plan", policy.toString());
        assertThat(again[1]).doesNotContain("online conversion");
    }
}
