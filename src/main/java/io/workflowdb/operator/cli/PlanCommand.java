package io.workflowdb.operator.cli;

import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

import io.workflowdb.operator.api.v1alpha1.MaintenancePolicy;
import io.workflowdb.operator.api.v1alpha1.PartitionPolicy;
import io.workflowdb.operator.api.v1alpha1.RetentionPolicy;
import io.workflowdb.operator.partition.PartitionPass;
import io.workflowdb.operator.schema.SchemaPass;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "plan", mixinStandardHelpOptions = true,
        description = { "Connects to a database, reads its catalog and prints what the operator would do for each",
                "WorkflowDatabase's spec.schema (pending migrations, the exact DDL for indexes and views) and for",
                "each PartitionPolicy (the exact DDL of its next upkeep run), and how many rows each RetentionPolicy",
                "would archive or delete now, and the exact statements of each MaintenancePolicy's run.",
                "Changes nothing. Exit status: 0 when planned, 1 when the database failed, 2 on invalid input." })
class PlanCommand implements Callable<Integer> {

    @Mixin
    DatabaseTarget target;

    @Override
    public Integer call() throws Exception {
        return target.forEach((resource, db, out) -> {
            out.println("-- " + resource.label());
            List<String> steps;
            if (resource.database() != null && resource.database().getSpec().schema == null) {
                steps = List.of("-- no spec.schema, nothing to do");
            } else if (resource.database() != null) {
                steps = SchemaPass.plan(db, resource.database().getSpec().schema, resource.scripts(),
                        DatabaseTarget.previousViews(resource), Clock.systemUTC());
            } else {
                try (Connection c = DatabaseTarget.autocommit(db)) {
                    if (resource.policy() instanceof RetentionPolicy retention) {
                        return RetentionSummary.plan(retention, c, Instant.now(), out);
                    }
                    if (resource.policy() instanceof MaintenancePolicy maintenance) {
                        return MaintenanceSummary.plan(maintenance, c, out);
                    }
                    steps = PartitionPass.plan(c, ((PartitionPolicy) resource.policy()).getSpec(), Instant.now());
                }
            }
            steps.forEach(out::println);
            if (steps.isEmpty()) {
                out.println("-- up to date");
            }
            return true;
        });
    }
}
