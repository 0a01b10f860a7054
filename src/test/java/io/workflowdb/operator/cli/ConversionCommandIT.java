package io.workflowdb.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.workflowdb.operator.testing.Sql;
import io.workflowdb.operator.testing.TestPostgres;

/** The packaged command line's {@code apply} killed with SIGKILL in the middle of a conversion, and run again. */
class ConversionCommandIT {

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    private static final int ROWS = 40_000;

    @TempDir
    Path dir;

    @Test
    void applyKilledInTheMiddleOfTheCopyContinuesWhereTheDatabaseSaysWhenRunAgain() throws Exception {
        DataSource db = TestPostgres.freshDatabase("cli_convert_kill");
        Sql.execute(db, "CREATE TABLE events (id bigserial PRIMARY KEY, at timestamptz NOT NULL, body text)",
                "INSERT INTO events (at, body) SELECT now() - g * interval '20 minutes', md5(g::text)"
                        + " FROM generate_series(1, " + ROWS + ") g",
                "ANALYZE events");
        String database = Sql.strings(db, "SELECT current_database()").get(0);
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(policy, """
                apiVersion: workflowdb.io/v1alpha1
                kind: PartitionPolicy
                metadata: {name: events-monthly, namespace: apps}
                spec:
                  databaseRef: {name: workflow-db}
                  table: events
                  column: at
                  range: {interval: month}
                  conversion: {mode: online, extendPrimaryKey: true, batchSize: 500, pauseMillis: 50}
                """);

        Process first = apply(policy, database, dir.resolve("first.log"));
        await("some batches copied").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .ignoreExceptions().until(() -> Sql.count(db, "SELECT batches FROM workflowdb.conversion_progress") >= 5);
        first.destroyForcibly();
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(first.exitValue()).as("killed by SIGKILL").isEqualTo(137);
        long copiedBeforeTheKill = Sql.count(db, "SELECT rows_copied FROM workflowdb.conversion_progress");
        assertThat(copiedBeforeTheKill).isBetween(1L, ROWS - 1L);
        assertThat(Sql.strings(db, "SELECT phase FROM workflowdb.conversion_progress")).containsExactly("Copying");

        Process second = apply(policy, database, dir.resolve("second.log"));
        assertThat(second.waitFor(180, TimeUnit.SECONDS)).as("the second apply ends").isTrue();
        String output = Files.readString(dir.resolve("second.log"), StandardCharsets.UTF_8);
        assertThat(second.exitValue()).as(output).isZero();
        assertThat(output).contains("converted; the original table is kept as events_wfdb_unpartitioned")
                .doesNotContain("Preparing");

        assertThat(Sql.strings(db, "SELECT relkind::text FROM pg_class WHERE oid = 'events'::regclass")).containsExactly("p");
        assertThat(Sql.count(db, "SELECT count(*) FROM events")).isEqualTo(ROWS);
        assertThat(Sql.count(db, "SELECT rows_copied FROM workflowdb.conversion_progress"))
                .as("every page copied once: the batch the kill cut short was rolled back and copied again").isEqualTo(ROWS);
    }

    private static Process apply(Path policy, String database, Path log) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString(), "apply", "-f", policy.toString(), "--jdbc-url",
                "jdbc:postgresql://localhost:" + TestPostgres.port() + "/" + database, "--user", TestPostgres.SUPERUSER));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
