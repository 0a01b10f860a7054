package io.workflowdb.operator.cli;

import java.time.Clock;
import java.util.concurrent.Callable;

import io.workflowdb.operator.schema.SchemaPass;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "apply", mixinStandardHelpOptions = true,
        description = { "Runs once, against the given database, what the operator runs for each WorkflowDatabase's",
                "spec.schema (migrations, indexes, materialized views), and prints a summary.",
                "Exit status: 0 when the schema is as declared, 1 when something failed, 2 on invalid input." })
class ApplyCommand implements Callable<Integer> {

    @Mixin
    DatabaseTarget target;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return target.forEachSchema(spec, (resource, db, out) -> SchemaSummary.print(resource.label(),
                SchemaPass.apply(db, resource.database().getSpec().schema, resource.scripts(),
                        DatabaseTarget.previousViews(resource), Clock.systemUTC()),
                out));
    }
}
