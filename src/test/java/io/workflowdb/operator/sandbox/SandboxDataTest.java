package io.workflowdb.operator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.workflowdb.operator.api.v1alpha1.PartitionPolicy;
import io.workflowdb.operator.api.v1alpha1.PartitionPolicySpec;
import io.workflowdb.operator.partition.convert.OnlineConversion;
import io.workflowdb.operator.partition.convert.OnlineConversion.Report;
import io.workflowdb.operator.partition.convert.OnlineConversion.Result;
import io.workflowdb.operator.schema.migration.Migrations;
import io.workflowdb.operator.testing.TestPostgres;

class SandboxDataTest {

    static final Path AUDIT_LOG_POLICY = Path.of("examples/sandbox/partition-policy-audit-log.yaml");

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
            assertThat(value(st, "SELECT count(*) FROM audit_log")).isEqualTo(SandboxData.AUDIT_ROWS);
        }
    }

    /** What examples/sandbox/partition-policy-audit-log.yaml converts online, as its checks want it. */
    @Test
    void loadsAnUnpartitionedAuditLogOverTwelveMonthsForTheOnlineConversion() throws Exception {
        DataSource db = TestPostgres.freshDatabase("sandbox_audit_log");
        Migrations.migrate(db, true, List.of());
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            SandboxData.Loaded loaded = SandboxData.loadIfEmpty(c);
            assertThat(loaded.auditLog()).isEqualTo(SandboxData.AUDIT_ROWS);
            assertThat(text(st, "SELECT relkind::text FROM pg_class WHERE oid = 'audit_log'::regclass"))
                    .as("a plain table").isEqualTo("r");
            assertThat(text(st, "SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM pg_constraint p"
                    + " CROSS JOIN unnest(p.conkey) WITH ORDINALITY AS k(attnum, ord)"
                    + " JOIN pg_attribute a ON a.attrelid = p.conrelid AND a.attnum = k.attnum"
                    + " WHERE p.conrelid = 'audit_log'::regclass AND p.contype = 'p'"))
                    .as("the primary key, without the time column").isEqualTo("id");
            assertThat(text(st, "SELECT attidentity::text FROM pg_attribute WHERE attrelid = 'audit_log'::regclass"
                    + " AND attname = 'id'")).as("an identity column").isEqualTo("d");
            assertThat(text(st, "SELECT format_type(atttypid, atttypmod) FROM pg_attribute"
                    + " WHERE attrelid = 'audit_log'::regclass AND attname = 'logged_at' AND attnotnull"))
                    .isEqualTo("timestamp with time zone");
            assertThat(text(st, "SELECT obj_description('audit_log'::regclass, 'pg_class')")).isNotEmpty();
            assertThat(value(st, "SELECT count(*) FROM pg_views WHERE viewname = 'recent_audit_log'"
                    + " AND viewowner = current_user")).as("a view over it, owned by the application's role").isOne();
            assertThat(value(st, "SELECT count(*) FROM recent_audit_log")).isPositive();
            assertThat(value(st, "SELECT count(*) FROM pg_constraint WHERE confrelid = 'audit_log'::regclass"))
                    .as("no foreign key points at it").isZero();

            assertThat(value(st, "SELECT count(*) FROM audit_log WHERE logged_at < now() - interval '365 days'"
                    + " OR logged_at > now()")).as("rows outside the past year").isZero();
            assertThat(value(st, "SELECT count(DISTINCT date_trunc('month', logged_at)) FROM audit_log"))
                    .as("months with rows").isBetween(12L, 13L);
            assertThat(value(st, "SELECT min(n) FROM (SELECT count(*) AS n FROM audit_log"
                    + " WHERE logged_at < date_trunc('month', now()) AND logged_at >= date_trunc('month', now()) - interval '11 months'"
                    + " GROUP BY date_trunc('month', logged_at)) AS whole_months"))
                    .as("rows in each whole month").isGreaterThan(SandboxData.AUDIT_ROWS / 24);
            assertThat(value(st, "SELECT count(*) FROM (SELECT id, lag(logged_at) OVER (ORDER BY id) > logged_at AS back"
                    + " FROM audit_log) AS ordered WHERE back")).as("ids in the order of time").isZero();
            assertThat(value(st, "SELECT count(*) FROM pg_class WHERE oid = to_regclass('audit_log')"
                    + " AND relpages > 0 AND reltuples > 0")).as("analyzed").isOne();
        }
    }

    /**
     * The policy the sandbox applies converts the loaded audit_log to its end: partitioned by month,
     * the key extended, the comment kept, the view reading the new table.
     */
    @Test
    void theSandboxPolicyConvertsTheAuditLogOnline() throws Exception {
        DataSource db = TestPostgres.freshDatabase("sandbox_audit_conversion");
        Migrations.migrate(db, true, List.of());
        PartitionPolicySpec spec;
        try (InputStream in = Files.newInputStream(AUDIT_LOG_POLICY)) {
            spec = Serialization.unmarshal(in, PartitionPolicy.class).getSpec();
        }
        assertThat(spec.table).isEqualTo(SandboxData.AUDIT_LOG);
        spec.conversion.pauseMillis = 0;
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            SandboxData.loadIfEmpty(c);
            long viewRows = value(st, "SELECT count(*) FROM recent_audit_log");
            List<Result> results = new ArrayList<>();
            for (int i = 0; i < 200 && !results.contains(Result.DONE); i++) {
                Report report = OnlineConversion.run(c, spec, Instant.now(), Duration.ofSeconds(5), null,
                        OnlineConversion.Listener.NONE);
                assertThat(report.result()).as(report.message()).isIn(Result.IN_PROGRESS, Result.WAITING, Result.DONE);
                results.add(report.result());
            }
            assertThat(results).last().isEqualTo(Result.DONE);

            assertThat(text(st, "SELECT relkind::text FROM pg_class WHERE oid = 'audit_log'::regclass")).isEqualTo("p");
            assertThat(value(st, "SELECT count(*) FROM pg_inherits WHERE inhparent = 'audit_log'::regclass"))
                    .as("13 months, 3 ahead and the default").isBetween(16L, 17L);
            assertThat(text(st, "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'audit_log'::regclass"
                    + " AND contype = 'p'")).isEqualTo("PRIMARY KEY (id, logged_at)");
            assertThat(value(st, "SELECT count(*) FROM audit_log")).isEqualTo(SandboxData.AUDIT_ROWS);
            assertThat(value(st, "SELECT count(*) FROM audit_log_wfdb_unpartitioned")).isEqualTo(SandboxData.AUDIT_ROWS);
            assertThat(text(st, "SELECT obj_description('audit_log'::regclass, 'pg_class')")).isNotEmpty();
            assertThat(value(st, "SELECT count(*) FROM pg_depend d JOIN pg_rewrite r ON r.oid = d.objid"
                    + " WHERE r.ev_class = 'recent_audit_log'::regclass AND d.refobjid = 'audit_log'::regclass"))
                    .as("the view reads the new table").isPositive();
            assertThat(value(st, "SELECT count(*) FROM recent_audit_log")).isEqualTo(viewRows);
            long next = value(st, "INSERT INTO audit_log (actor, action, object_type) VALUES ('admin', 'update', 'task')"
                    + " RETURNING id");
            assertThat(next).as("ids go on after the copied ones").isGreaterThan(SandboxData.AUDIT_ROWS);
        }
    }

    private static String text(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static long value(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
