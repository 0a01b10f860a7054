package io.workflowdb.operator.partition.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import io.workflowdb.operator.api.v1alpha1.PartitionPolicySpec;
import io.workflowdb.operator.partition.convert.OnlineConversion.Report;
import io.workflowdb.operator.partition.convert.OnlineConversion.Result;
import io.workflowdb.operator.testing.Sql;
import io.workflowdb.operator.testing.TestPostgres;

class OnlineConversionTest {

    @Test
    void rangeConversionCarriesRowsIdentityViewsAndComments() throws Exception {
        DataSource db = TestPostgres.freshDatabase("conv_range");
        ConversionFixtures.events(db, 20_000);
        long maxId = Sql.count(db, "SELECT max(id) FROM workflow_events");
        PartitionPolicySpec spec = ConversionFixtures.monthly("workflow_events", "occurred_at");
        spec.conversion.extendPrimaryKey = true;

        List<Report> reports = ConversionFixtures.untilEnd(db, spec);

        assertThat(reports.get(reports.size() - 1).result()).as(reports.toString()).isEqualTo(Result.DONE);
        assertThat(Sql.strings(db, "SELECT relkind::text FROM pg_class WHERE oid = 'workflow_events'::regclass"))
                .containsExactly("p");
        assertThat(Sql.count(db, "SELECT count(*) FROM workflow_events")).isEqualTo(20_000);
        assertThat(Sql.count(db, "SELECT count(*) FROM workflow_events_default")).isZero();
        assertThat(Sql.count(db, "SELECT count(*) FROM workflow_events_wfdb_unpartitioned")).isEqualTo(20_000);
        Sql.execute(db, "INSERT INTO workflow_events (occurred_at, event_type) VALUES (now(), 'after')");
        assertThat(Sql.count(db, "SELECT max(id) FROM workflow_events")).isEqualTo(maxId + 1);
        assertThat(Sql.count(db, "SELECT count(*) FROM recent_events")).isEqualTo(
                Sql.count(db, "SELECT count(*) FROM workflow_events WHERE project_id < 50"));
        assertThat(Sql.strings(db, "SELECT obj_description('workflow_events'::regclass, 'pg_class')"))
                .containsExactly("every event of every workflow");
        assertThat(Sql.strings(db, "SELECT conname::text FROM pg_constraint WHERE conrelid = 'workflow_events'::regclass"
                + " AND contype = 'p'")).containsExactly("workflow_events_pkey");
        assertThat(Sql.strings(db, "SELECT indexrelid::regclass::text FROM pg_index WHERE indrelid = 'workflow_events'::regclass"
                + " ORDER BY 1")).containsExactly("workflow_events_pkey", "workflow_events_project_idx");
    }

    @Test
    void hashConversionKeepsTheSerialSequence() throws Exception {
        DataSource db = TestPostgres.freshDatabase("conv_hash");
        ConversionFixtures.tasks(db, 5_000);
        PartitionPolicySpec spec = ConversionFixtures.hashed("task_executions", "task_id", 4);

        List<Report> reports = ConversionFixtures.untilEnd(db, spec);

        assertThat(reports.get(reports.size() - 1).result()).as(reports.toString()).isEqualTo(Result.DONE);
        assertThat(Sql.count(db, "SELECT count(*) FROM task_executions")).isEqualTo(5_000);
        assertThat(Sql.count(db, "SELECT count(*) FROM task_executions_h3")).isPositive();
        Sql.execute(db, "DROP TABLE task_executions_wfdb_unpartitioned");
        Sql.execute(db, "INSERT INTO task_executions (task_id, attempt, status) VALUES (gen_random_uuid(), 1, 'new')");
        assertThat(Sql.count(db, "SELECT max(seq) FROM task_executions")).isEqualTo(5_001);
    }

    @Test
    void refusesAPrimaryKeyWithoutThePartitionKeyUnlessAskedAndChangesNothing() throws Exception {
        DataSource db = TestPostgres.freshDatabase("conv_refuse_pk");
        ConversionFixtures.events(db, 100);
        PartitionPolicySpec spec = ConversionFixtures.monthly("workflow_events", "occurred_at");

        Report report = ConversionFixtures.untilEnd(db, spec).get(0);

        assertThat(report.result()).isEqualTo(Result.REFUSED);
        assertThat(report.message()).contains("primary key (id)", "extendPrimaryKey: true");
        assertThat(Sql.strings(db, "SELECT relname::text FROM pg_class WHERE relname LIKE 'workflow_events%' AND relkind IN ('r', 'p')"))
                .containsExactly("workflow_events");
    }

    @Test
    void refusesAForeignKeyReferencingTheTableNamingIt() throws Exception {
        DataSource db = TestPostgres.freshDatabase("conv_refuse_fk");
        ConversionFixtures.tasks(db, 100);
        Sql.execute(db, "CREATE TABLE task_logs (task_id uuid, attempt int, CONSTRAINT logs_task_fk FOREIGN KEY (task_id, attempt)"
                + " REFERENCES task_executions)");
        Report report = ConversionFixtures.untilEnd(db, ConversionFixtures.hashed("task_executions", "task_id", 4)).get(0);

        assertThat(report.result()).isEqualTo(Result.REFUSED);
        assertThat(report.message()).contains("foreign key logs_task_fk of task_logs references it");
    }

    @Test
    void refusesNullKeysAndUnsupportedKeyTypes() throws Exception {
        DataSource db = TestPostgres.freshDatabase("conv_refuse_key");
        Sql.execute(db, "CREATE TABLE t (id int PRIMARY KEY, at timestamptz, label text, spot point)",
                "INSERT INTO t VALUES (1, NULL, 'a', point(1, 2)), (2, now(), 'b', point(3, 4))");
        PartitionPolicySpec nulls = ConversionFixtures.monthly("t", "at");
        nulls.conversion.extendPrimaryKey = true;
        assertThat(ConversionFixtures.untilEnd(db, nulls).get(0).message()).contains("column at is NULL in some rows");
        assertThat(ConversionFixtures.untilEnd(db, ConversionFixtures.monthly("t", "label")).get(0).message())
                .contains("column label is text; range partitioning needs timestamp with time zone");
        PartitionPolicySpec points = ConversionFixtures.hashed("t", "spot", 2);
        points.conversion.extendPrimaryKey = true;
        assertThat(ConversionFixtures.untilEnd(db, points).get(0).message())
                .contains("column spot is point, which PostgreSQL cannot hash-partition on");
    }

    @Test
    void refusesACopyThatWouldNotFitTheVolume() throws Exception {
        DataSource db = TestPostgres.freshDatabase("conv_space");
        ConversionFixtures.tasks(db, 1_000);
        try (var c = db.getConnection()) {
            Report report = OnlineConversion.run(c, ConversionFixtures.hashed("task_executions", "task_id", 4),
                    ConversionFixtures.NOW, java.time.Duration.ofSeconds(5), null, 64L * 1024 * 1024,
                    OnlineConversion.Listener.NONE);
            assertThat(report.result()).isEqualTo(Result.REFUSED);
            assertThat(report.message()).contains("the copy does not fit: the database takes")
                    .contains("on a volume of 64 MiB; grow spec.storage.size first");
        }
        assertThat(Sql.strings(db, "SELECT to_regclass('task_executions_wfdb_new')::text")).containsExactly((String) null);
    }

    @Test
    void removingTheConversionBeforeTheSwapLeavesTheOriginalAsItWas() throws Exception {
        DataSource db = TestPostgres.freshDatabase("conv_abort");
        ConversionFixtures.tasks(db, 5_000);
        PartitionPolicySpec spec = ConversionFixtures.hashed("task_executions", "task_id", 4);
        spec.conversion.batchSize = 100;
        spec.conversion.pauseMillis = 50;
        try (var c = db.getConnection()) {
            Report first = OnlineConversion.run(c, spec, ConversionFixtures.NOW, java.time.Duration.ofMillis(200), null,
                    OnlineConversion.Listener.NONE);
            assertThat(first.result()).as(first.toString()).isEqualTo(Result.IN_PROGRESS);
        }
        assertThat(Sql.count(db, "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'task_executions'::regclass")).isEqualTo(2);
        spec.conversion = null;

        Report abort = ConversionFixtures.untilEnd(db, spec).get(0);

        assertThat(abort.result()).isEqualTo(Result.ABORTED);
        assertThat(Sql.count(db, "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'task_executions'::regclass")).isZero();
        assertThat(Sql.strings(db, "SELECT to_regclass('task_executions_wfdb_new')::text")).containsExactly((String) null);
        assertThat(Sql.count(db, "SELECT count(*) FROM task_executions")).isEqualTo(5_000);
        assertThat(Sql.count(db, "SELECT count(*) FROM workflowdb.conversion_progress")).isZero();
    }
}
