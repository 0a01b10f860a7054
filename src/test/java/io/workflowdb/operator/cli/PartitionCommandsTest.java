package io.workflowdb.operator.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.workflowdb.operator.schema.migration.Migrations;
import io.workflowdb.operator.testing.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code plan} and {@code apply} with the example PartitionPolicies, on the built-in workflow schema. */
class PartitionCommandsTest {

    static final String DATABASE = "cli_partition";
    static final String EXAMPLE = "examples/partition-policy-workflow-events.yaml";

    @TempDir
    static Path dir;

    static Path passwordFile;

    @BeforeAll
    static void database() throws Exception {
        passwordFile = CommandRun.appDatabase(DATABASE, dir, TestPostgres.APP_PASSWORD);
        Migrations.migrate(TestPostgres.superuser(DATABASE), true, List.of());
        try (Connection c = TestPostgres.superuser(DATABASE).getConnection(); Statement st = c.createStatement()) {
            st.execute("ALTER TABLE workflow_events OWNER TO " + TestPostgres.APP_USER);
            st.execute("ALTER TABLE workflow_events_default OWNER TO " + TestPostgres.APP_USER);
        }
    }

    static String[] run(String command) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = WorkflowDbCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), command, "-f", EXAMPLE,
                "--jdbc-url", "jdbc:postgresql://localhost:" + TestPostgres.port() + "/" + DATABASE,
                "--user", TestPostgres.APP_USER, "--password-file", passwordFile.toString());
        return new String[] { Integer.toString(exit), out.toString(), err.toString() };
    }

    @Test
    void planPrintsTheExactDdlThenApplyRunsItAndPlanIsEmpty() throws Exception {
        String[] plan = run("plan");
        assertThat(plan[0]).as(plan[2]).isEqualTo("0");
        assertThat(plan[1]).contains("PartitionPolicy apps/workflow-events-monthly")
                .contains("CREATE TABLE \"public\".\"workflow_events_p").contains("(LIKE \"public\".\"workflow_events\"")
                .contains("ALTER TABLE \"public\".\"workflow_events\" ATTACH PARTITION \"public\".\"workflow_events_p");
        assertThat(partitions()).as("plan changes nothing").containsExactly("workflow_events_default");

        String[] apply = run("apply");
        assertThat(apply[0]).as(apply[1] + apply[2]).isEqualTo("0");
        assertThat(apply[1]).contains("workflow-events-monthly: 4 created").contains("task-executions-hash: 0 created");
        assertThat(partitions()).hasSize(5);

        String[] again = run("plan");
        assertThat(again[1]).doesNotContain("CREATE TABLE").contains("-- up to date");
    }

    private static List<String> partitions() throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = TestPostgres.superuser(DATABASE).getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT inhrelid::regclass::text FROM pg_inherits WHERE inhparent = 'workflow_events'::regclass ORDER BY 1")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }
}
