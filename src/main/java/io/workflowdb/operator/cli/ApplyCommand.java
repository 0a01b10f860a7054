package io.workflowdb.operator.cli;

import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Callable;

import io.workflowdb.operator.api.v1alpha1.MaintenancePolicy;
import io.workflowdb.operator.api.v1alpha1.PartitionPolicy;
import io.workflowdb.operator.api.v1alpha1.PartitionPolicySpec;
import io.workflowdb.operator.api.v1alpha1.RetentionPolicy;
import io.workflowdb.operator.api.v1alpha1.SchemaSpec;
import io.workflowdb.operator.partition.PartitionPass;
import io.workflowdb.operator.schema.SchemaPass;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "apply", mixinStandardHelpOptions = true,
        description = { "Runs once, against the given database, what the operator runs for each WorkflowDatabase's",
                "spec.schema (migrations, indexes, materialized views) and health objects, each PartitionPolicy's upkeep (first its",
                "online conversion, to the end, a line per batch, when spec.conversion asks for one), one run of",
                "each RetentionPolicy (a line per batch) and one run of each MaintenancePolicy (a line per action,",
                "then the reports), and prints a summary.",
                "Each resource on its own: an invalid or failing one does not stop the others.",
                "Exit status: 0 when everything succeeded, 1 when something failed, 2 when a resource was invalid." })
class ApplyCommand implements Callable<Integer> {

    @Mixin
    DatabaseTarget target;

    @Override
    public Integer call() throws Exception {
        return target.forEach((resource, db, out) -> {
            if (resource.database() != null) {
                SchemaSpec schema = resource.database().getSpec().schema;
                boolean applied = schema == null ? SchemaSummary.none(resource.label(), out)
                        : SchemaSummary.print(resource.label(), SchemaPass.apply(db, schema, resource.scripts(),
                                DatabaseTarget.previousViews(resource), Clock.systemUTC()), out);
                return HealthObjectsSummary.install(resource.label(), db, out) && applied;
            }
            try (Connection c = DatabaseTarget.autocommit(db)) {
                if (resource.policy() instanceof RetentionPolicy retention) {
                    return RetentionSummary.apply(resource.label(), retention, c, Clock.systemUTC(), out);
                }
                if (resource.policy() instanceof MaintenancePolicy maintenance) {
                    return MaintenanceSummary.apply(resource.label(), maintenance, c, Clock.systemUTC(), out);
                }
                PartitionPolicySpec spec = ((PartitionPolicy) resource.policy()).getSpec();
                return PartitionSummary.convert(resource.label(), spec, c, out)
                        && PartitionSummary.print(resource.label(), PartitionPass.apply(c, spec, Instant.now()), out);
            }
        });
    }
}
