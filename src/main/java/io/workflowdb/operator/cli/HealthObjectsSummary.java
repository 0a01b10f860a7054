package io.workflowdb.operator.cli;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import io.workflowdb.operator.health.HealthObjects;

/** What {@code apply} does for a WorkflowDatabase's health objects: install them as the operator would. */
final class HealthObjectsSummary {

    private HealthObjectsSummary() {
    }

    /** @return whether the objects are in place */
    static boolean install(String label, DataSource db, PrintWriter out) {
        try (Connection c = db.getConnection()) {
            if (HealthObjects.installed(c)) {
                out.println("  health objects: up to date in schema " + HealthObjects.SCHEMA);
                return true;
            }
            HealthObjects.install(c);
            out.println("  health objects: installed in schema " + HealthObjects.SCHEMA
                    + " (workflowdb.database_health_check() and the views it reads)");
            return true;
        } catch (SQLException e) {
            out.println("  health objects: not installed: " + e.getMessage());
            return false;
        }
    }
}
