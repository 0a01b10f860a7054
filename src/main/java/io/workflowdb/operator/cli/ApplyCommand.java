package io.workflowdb.operator.cli;

import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Callable;

import io.workflowdb.operator.partition.PartitionPass;
import io.workflowdb.operator.schema.SchemaPass;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "apply", mixinStandardHelpOptions = true,
        description = { "Runs once, against the given database, what the operator runs for each WorkflowDatabase's",
                "spec.schema (migrations, indexes, materialized views) and each PartitionPolicy's upkeep, and prints",
                "a summary.",
                "Exit status: 0 when the schema is as declared, 1 when something failed, 2 on invalid input." })
class ApplyCommand implements Callable<Integer> {

    @Mixin
    DatabaseTarget target;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return target.forEach(spec, (resource, db, out) -> {
            if (resource.partitionPolicy() == null) {
                return SchemaSummary.print(resource.label(), SchemaPass.apply(db, resource.database().getSpec().schema,
                        resource.scripts(), DatabaseTarget.previousViews(resource), Clock.systemUTC()), out);
            }
            try (Connection c = DatabaseTarget.autocommit(db)) {
                return PartitionSummary.print(resource.label(),
                        PartitionPass.apply(c, resource.partitionPolicy().getSpec(), Instant.now()), out);
            }
        });
    }
}
