package io.workflowdb.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.workflowdb.operator.api.v1alpha1.HealthStatus.Level;
import io.workflowdb.operator.health.HealthCheck;
import io.workflowdb.operator.health.HealthReport;
import io.workflowdb.operator.testing.TestPostgres;

/** {@code health} against a fresh database of the embedded PostgreSQL. */
class HealthCommandTest {

    static final String EXTERNAL = "examples/workflow-database-external.yaml";
    static final List<String> CHECKS = List.of("active_connections", "database_size_mb", "slow_queries", "cache_hit_ratio",
            "connection_usage_percent", "oldest_transaction_seconds", "xid_age_percent", "invalid_indexes",
            "dead_tuple_ratio_percent", "waiting_locks");

    @TempDir
    static Path dir;

    static String url;

    @BeforeAll
    static void database() throws Exception {
        DataSource db = TestPostgres.freshDatabase("cli_health");
        try (Connection c = db.getConnection()) {
            url = "jdbc:postgresql://localhost:" + TestPostgres.port() + "/" + c.getCatalog();
        }
    }

    static CommandRun health(String... more) {
        return CommandRun.of(Stream.concat(Stream.of("health"), Stream.of(more)).toArray(String[]::new));
    }

    static CommandRun healthOf(String... more) {
        return health(Stream.concat(Stream.of("--jdbc-url", url, "--user", TestPostgres.SUPERUSER), Stream.of(more))
                .toArray(String[]::new));
    }

    @Test
    void printsEveryCheckAsAnAlignedTableAndExitsZeroOnAFreshDatabase() {
        CommandRun run = healthOf();
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.err()).isEmpty();
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("-- default thresholds");
        assertThat(lines.get(1)).matches("CHECK +VALUE +THRESHOLD +STATUS");
        List<String> table = lines.subList(1, 2 + CHECKS.size());
        for (int i = 0; i < CHECKS.size(); i++) {
            assertThat(table.get(i + 1)).startsWith(CHECKS.get(i) + " ");
        }
        int value = lines.get(1).indexOf("VALUE");
        int threshold = lines.get(1).indexOf("THRESHOLD");
        int status = lines.get(1).indexOf("STATUS");
        for (String row : table.subList(1, table.size())) {
            assertThat(row.charAt(value - 1)).as(row).isEqualTo(' ');
            assertThat(row.charAt(value)).as(row).isNotEqualTo(' ');
            assertThat(row.charAt(threshold)).as(row).isIn('>', '<');
            assertThat(row.substring(status)).as(row).isIn("OK", "WARNING", "UNAVAILABLE");
        }
        assertThat(run.out()).contains("database_size_mb ").contains("> 10000")
                .contains("pg_stat_statements is not installed in this database");
        assertThat(lines.get(table.size() + 1)).isEmpty();
        assertThat(lines.get(table.size() + 2)).startsWith("overall: ").doesNotContain("CRITICAL");
        assertThat(lines.get(table.size() + 3)).matches("database time: \\d+\\.\\d ms");
    }

    @Test
    void thresholdsComeFromTheWorkflowDatabaseOfTheFile() throws Exception {
        Path file = dir.resolve("small.yaml");
        Files.writeString(file, Files.readString(Path.of(EXTERNAL)).replace("spec:\n",
                "spec:\n  monitoring:\n    thresholds:\n      databaseSizeMB: 1\n      waitingLocks: 0\n"));

        CommandRun run = healthOf("-f", file.toString());
        assertThat(run.exit()).as("a WARNING is not CRITICAL: " + run.out() + run.err()).isZero();
        assertThat(run.out()).startsWith("-- thresholds of WorkflowDatabase apps/workflow-db\n");
        assertThat(run.out().lines()).filteredOn(l -> l.startsWith("database_size_mb ")).singleElement().asString()
                .contains("> 1 ").endsWith("WARNING");
        assertThat(run.out().lines()).filteredOn(l -> l.startsWith("waiting_locks ")).singleElement().asString()
                .contains("> 0 ");
        assertThat(run.out().lines()).filteredOn(l -> l.startsWith("active_connections ")).singleElement().asString()
                .as("not in the file: the default").contains("> 50 ");
        assertThat(run.out()).contains("overall: WARNING (database_size_mb WARNING (");
    }

    @Test
    void anInvalidFileExitsTwoWithoutConnecting() throws Exception {
        Path file = dir.resolve("invalid.yaml");
        Files.writeString(file, Files.readString(Path.of(EXTERNAL)).replace("spec:\n",
                "spec:\n  monitoring:\n    thresholds:\n      cacheHitRatioPercent: 150\n"));
        CommandRun run = health("--jdbc-url", "jdbc:postgresql://localhost:1/none", "-f", file.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains(file + ": WorkflowDatabase apps/workflow-db: ")
                .contains("spec.monitoring.thresholds.cacheHitRatioPercent");
        assertThat(run.out()).isEmpty();

        Path none = dir.resolve("no-database.yaml");
        Files.writeString(none, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n");
        CommandRun empty = health("--jdbc-url", url, "-f", none.toString());
        assertThat(empty.exit()).isEqualTo(2);
        assertThat(empty.err()).contains("expected one WorkflowDatabase, found 0");

        CommandRun missing = health("--jdbc-url", url, "-f", dir.resolve("missing.yaml").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("missing.yaml: cannot read: no such file");

        CommandRun noPassword = health("--jdbc-url", url, "--password-file", dir.resolve("absent").toString());
        assertThat(noPassword.exit()).isEqualTo(2);
        assertThat(noPassword.err()).contains("absent: cannot read");

        assertThat(health().exit()).as("--jdbc-url is required").isEqualTo(2);
    }

    @Test
    void anUnreachableDatabaseExitsOneWithTheReason() {
        CommandRun run = health("--jdbc-url", "jdbc:postgresql://localhost:1/workflow_db");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).startsWith("cannot check jdbc:postgresql://localhost:1/workflow_db: ").contains("refused");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aWrongPasswordExitsOne() throws Exception {
        Path password = dir.resolve("password");
        Files.writeString(password, "wrong\n");
        CommandRun run = health("--jdbc-url", "jdbc:postgresql://localhost:" + TestPostgres.port() + "/" + TestPostgres.APP_DATABASE,
                "--user", TestPostgres.APP_USER, "--password-file", password.toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("password authentication failed");

        Files.writeString(password, TestPostgres.APP_PASSWORD + "\n");
        CommandRun right = health("--jdbc-url", "jdbc:postgresql://localhost:" + TestPostgres.port() + "/" + TestPostgres.APP_DATABASE,
                "--user", TestPostgres.APP_USER, "--password-file", password.toString());
        assertThat(right.exit()).as(right.err()).isZero();
    }

    /** A CRITICAL (95 % of max_connections in use, 80 % of transaction IDs consumed) exits 1; nothing else does. */
    @Test
    void onlyACriticalCheckExitsOne() {
        HealthCheck ok = new HealthCheck("waiting_locks", "", 0.0, "0", "> 5", Level.OK);
        HealthCheck critical = new HealthCheck("connection_usage_percent", "", 96.0, "96.0", ">= 80 (critical >= 95)",
                Level.CRITICAL);
        HealthCheck unavailable = new HealthCheck("slow_queries", "", null, "why", "> 10", Level.UNAVAILABLE);
        Instant now = Instant.parse("2026-11-24T10:00:00Z");
        HealthReport failing = new HealthReport(now, Level.CRITICAL, List.of(ok, critical), Duration.ofMillis(3));
        assertThat(HealthCommand.exitStatus(failing)).isEqualTo(1);
        assertThat(HealthCommand.exitStatus(new HealthReport(now, Level.WARNING, List.of(ok), Duration.ZERO))).isZero();
        assertThat(HealthCommand.exitStatus(new HealthReport(now, Level.OK, List.of(ok, unavailable), Duration.ZERO))).isZero();

        StringWriter out = new StringWriter();
        HealthCommand.print(failing, new PrintWriter(out, true));
        assertThat(out.toString()).isEqualTo("""
                CHECK                     VALUE  THRESHOLD               STATUS
                waiting_locks             0      > 5                     OK
                connection_usage_percent  96.0   >= 80 (critical >= 95)  CRITICAL

                overall: CRITICAL (connection_usage_percent CRITICAL (96.0, threshold >= 80 (critical >= 95)))
                database time: 3.0 ms
                """);
    }

    @Test
    void isACommandBeforeTheOperatorStarts() {
        assertThat(WorkflowDbCommand.isCommand("health")).isTrue();
        StringWriter out = new StringWriter();
        assertThat(WorkflowDbCommand.execute(new PrintWriter(out, true), "health", "--help")).isZero();
        assertThat(out.toString()).contains("--jdbc-url").contains("--password-file").contains("--filename");
    }
}
