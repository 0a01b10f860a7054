package io.workflowdb.operator.cli;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * One artifact, two modes: with a command ({@code validate}, ...) it runs that command and exits
 * without starting the operator or touching a cluster; with no command it runs the operator.
 */
@QuarkusMain
public class Main {

    public static void main(String... args) {
        if (args.length > 0 && WorkflowDbCommand.isCommand(args[0])) {
            System.exit(WorkflowDbCommand.execute(args));
        }
        Quarkus.run(args);
    }
}
