package io.workflowdb.operator.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.workflowdb.operator.api.v1alpha1.HealthStatus.Level;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.health.HealthCheck;
import io.workflowdb.operator.health.HealthEvaluator;
import io.workflowdb.operator.health.HealthProbe;
import io.workflowdb.operator.health.HealthReport;
import io.workflowdb.operator.health.HealthThresholds;
import io.workflowdb.operator.validation.ResourceValidator;
import io.workflowdb.operator.validation.Violation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "health", mixinStandardHelpOptions = true,
        description = { "Connects to a database, runs every health check the operator runs once (read-only) and prints",
                "each with its value, threshold and status, then the overall status and the time spent in the",
                "database. Thresholds come from the WorkflowDatabase's spec.monitoring when a file is given,",
                "otherwise the defaults apply.",
                "Exit status: 0 when no check is CRITICAL, 1 when one is or the database cannot be checked,",
                "2 on invalid input." })
class HealthCommand implements Callable<Integer> {

    static final int CRITICAL = 1;

    @Mixin
    ConnectionOptions connection;

    @Option(names = { "-f", "--filename" },
            description = "A file with one WorkflowDatabase whose spec.monitoring.thresholds apply; other kinds are skipped.")
    Path file;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            String source = "default thresholds";
            HealthThresholds thresholds = HealthThresholds.DEFAULTS;
            if (file != null) {
                WorkflowDatabase database = database(err);
                if (database == null) {
                    return ValidateCommand.INVALID;
                }
                source = "thresholds of WorkflowDatabase " + label(database);
                thresholds = HealthThresholds.of(database.getSpec().monitoring);
            }
            DataSource db;
            try {
                db = connection.dataSource();
            } catch (IOException e) {
                err.println(connection.passwordFile + ": cannot read: " + e.getMessage());
                return ValidateCommand.INVALID;
            }
            HealthReport report;
            try (Connection c = db.getConnection()) {
                report = HealthEvaluator.evaluate(HealthProbe.sample(c, thresholds, Clock.systemUTC()), thresholds);
            } catch (SQLException e) {
                err.println("cannot check " + connection.jdbcUrl + ": " + firstLine(e.getMessage()));
                return CRITICAL;
            }
            out.println("-- " + source);
            print(report, out);
            return exitStatus(report);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** 1 when a check is CRITICAL; WARNING and UNAVAILABLE leave it 0. */
    static int exitStatus(HealthReport report) {
        return report.overall() == Level.CRITICAL ? CRITICAL : 0;
    }

    /** The checks as a table with aligned columns, then the overall line. */
    static void print(HealthReport report, PrintWriter out) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] { "CHECK", "VALUE", "THRESHOLD", "STATUS" });
        for (HealthCheck c : report.checks()) {
            rows.add(new String[] { c.label(), c.shown(), c.threshold(), c.level().name() });
        }
        int[] widths = new int[3];
        for (String[] row : rows) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                line.append(row[i]).append(" ".repeat(widths[i] - row[i].length() + 2));
            }
            out.println(line.append(row[3]));
        }
        out.println();
        String problems = report.problems();
        out.printf(Locale.ROOT, "overall: %s%s%n", report.overall(), problems.isEmpty() ? "" : " (" + problems + ")");
        out.printf(Locale.ROOT, "database time: %.1f ms%n", report.databaseTime().toNanos() / 1e6);
    }

    /** The file's WorkflowDatabase, validated as the operator would; null after printing why there is none. */
    private WorkflowDatabase database(PrintWriter err) {
        List<JsonNode> documents;
        try {
            documents = ResourceFiles.documents(file);
        } catch (IOException e) {
            err.println(file + ": cannot read: " + ResourceFiles.readable(e));
            return null;
        }
        List<JsonNode> databases = documents.stream()
                .filter(d -> ResourceFiles.isOurs(d) && "WorkflowDatabase".equals(d.path("kind").asText())).toList();
        if (databases.size() != 1) {
            err.println(file + ": expected one WorkflowDatabase, found " + databases.size());
            return null;
        }
        JsonNode document = databases.get(0);
        List<Violation> violations = ResourceKinds.validate(new ResourceValidator(), document);
        if (!violations.isEmpty()) {
            violations.forEach(v -> err.println(file + ": " + ResourceFiles.describe(document) + ": " + v));
            return null;
        }
        return Serialization.jsonMapper().convertValue(document, WorkflowDatabase.class);
    }

    private static String label(WorkflowDatabase database) {
        String namespace = database.getMetadata().getNamespace();
        return (namespace == null || namespace.isEmpty() ? "" : namespace + "/") + database.getMetadata().getName();
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
