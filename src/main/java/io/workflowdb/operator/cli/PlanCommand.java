package io.workflowdb.operator.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;

import javax.sql.DataSource;

import io.workflowdb.operator.schema.SchemaPass;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "plan", mixinStandardHelpOptions = true,
        description = { "Connects to a database, reads its catalog and prints what the operator would do for each",
                "WorkflowDatabase's spec.schema: pending migrations and the exact DDL for indexes and views.",
                "Changes nothing. Exit status: 0 when planned, 1 when the database failed, 2 on invalid input." })
class PlanCommand implements Callable<Integer> {

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
        for (DatabaseTarget.Resource resource : resources) {
            if (resource.database().getSpec().schema == null) {
                out.println("-- " + resource.label() + ": no spec.schema, nothing to do");
                continue;
            }
            out.println("-- " + resource.label());
            List<String> steps = SchemaPass.plan(db, resource.database().getSpec().schema, resource.scripts(),
                    statusViews(resource), Clock.systemUTC());
            steps.forEach(out::println);
            if (steps.isEmpty()) {
                out.println("-- up to date");
            }
        }
        out.flush();
        return 0;
    }

    static List<io.workflowdb.operator.api.v1alpha1.SchemaStatus.MaterializedViewStatus> statusViews(
            DatabaseTarget.Resource resource) {
        var status = resource.database().getStatus();
        return status == null || status.schema == null ? List.of() : status.schema.materializedViews;
    }
}
