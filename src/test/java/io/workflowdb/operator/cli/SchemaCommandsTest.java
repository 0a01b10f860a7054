package io.workflowdb.operator.cli;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.workflowdb.operator.testing.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code plan} and {@code apply} against the embedded PostgreSQL, with the example's schema. */
class SchemaCommandsTest {

    static final String DATABASE = "cli_schema";

    @TempDir
    static Path dir;

    static Path passwordFile;

    @BeforeAll
    static void database() throws Exception {
        passwordFile = CommandRun.appDatabase(DATABASE, dir, TestPostgres.APP_PASSWORD + "\n");
    }

    static CommandRun run(String command, String... files) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(command));
        for (String f : files) {
            args.add("-f");
            args.add(f);
        }
        args.addAll(java.util.List.of("--jdbc-url", "jdbc:postgresql://localhost:" + TestPostgres.port() + "/" + DATABASE,
                "--user", TestPostgres.APP_USER, "--password-file", passwordFile.toString()));
        return CommandRun.of(args.toArray(String[]::new));
    }

    @Test
    void planChangesNothingThenApplyMakesTheSchemaAndPlanIsEmpty() throws Exception {
        CommandRun plan = run("plan", "examples/workflowdatabase.yaml");
        assertThat(plan.exit()).as(plan.err()).isZero();
        assertThat(plan.out()).contains("migration pending").contains("V1__");
        assertThat(tableExists("tasks")).as("plan changes nothing").isFalse();

        CommandRun apply = run("apply", "examples/workflowdatabase.yaml");
        assertThat(apply.exit()).as(apply.out() + apply.err()).isZero();
        assertThat(apply.out()).contains("0 failed").contains("view daily_task_metrics refreshed");
        assertThat(tableExists("tasks")).isTrue();

        CommandRun again = run("plan", "examples/workflowdatabase.yaml");
        assertThat(again.exit()).isZero();
        assertThat(again.out()).doesNotContain("migration pending").doesNotContain("CREATE INDEX");
    }

    @Test
    void invalidResourcesAreRefusedBeforeConnecting() {
        CommandRun plan = run("plan", "src/test/resources/invalid/62-database-index-where-now.yaml");
        assertThat(plan.exit()).isEqualTo(2);
        assertThat(plan.err()).contains("spec.schema.indexes[0].where");
    }

    @Test
    void anInvalidResourceStopsNoOtherAndApplyInstallsTheHealthObjects() throws Exception {
        CommandRun apply = run("apply", "src/test/resources/invalid/62-database-index-where-now.yaml", "examples/workflowdatabase.yaml");
        assertThat(apply.exit()).as("an invalid resource still makes the exit status 2").isEqualTo(2);
        assertThat(apply.err()).contains("spec.schema.indexes[0].where");
        assertThat(apply.out()).contains("view daily_task_metrics refreshed").containsPattern("health objects: (installed|up to date)");
        try (Connection c = TestPostgres.superuser(DATABASE).getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM workflowdb.database_health_check()")) {
            rs.next();
            assertThat(rs.getInt(1)).as("the DBA's health check answers").isPositive();
        }
    }

    private static boolean tableExists(String table) throws Exception {
        try (Connection c = TestPostgres.superuser(DATABASE).getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT to_regclass('public." + table + "') IS NOT NULL")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }
}
