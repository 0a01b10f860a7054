package io.workflowdb.operator.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;

import javax.sql.DataSource;

import io.workflowdb.operator.schema.SchemaOutcome;
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

    static final int FAILED = 1;

    @Mixin
    DatabaseTarget target;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<DatabaseTarget.Resource> resources = target.resources(err);
        if (resources == null) {
            err.flush();
            return ValidateCommand.INVALID;
        }
        DataSource db = target.dataSource();
        boolean failed = false;
        for (DatabaseTarget.Resource resource : resources) {
            if (resource.database().getSpec().schema == null) {
                out.println(resource.label() + ": no spec.schema, nothing to do");
                continue;
            }
            SchemaOutcome outcome = SchemaPass.apply(db, resource.database().getSpec().schema, resource.scripts(),
                    PlanCommand.statusViews(resource), Clock.systemUTC());
            failed |= !SchemaSummary.print(resource.label(), outcome, out);
        }
        out.flush();
        return failed ? FAILED : 0;
    }
}
