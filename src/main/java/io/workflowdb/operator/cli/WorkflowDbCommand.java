package io.workflowdb.operator.cli;

import java.util.Set;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "workflowdb-operator", mixinStandardHelpOptions = true,
        description = "Run with no command to start the operator. Commands work offline, without a cluster.",
        subcommands = { ValidateCommand.class, RenderCommand.class, PlanCommand.class, ApplyCommand.class, HealthCommand.class,
                CommandLine.HelpCommand.class })
public class WorkflowDbCommand {

    private static final Set<String> ENTRY_WORDS = Set.of("validate", "render", "plan", "apply", "health", "help", "--help", "-h", "--version", "-V");

    static boolean isCommand(String firstArgument) {
        return ENTRY_WORDS.contains(firstArgument);
    }

    public static int execute(String... args) {
        return new CommandLine(new WorkflowDbCommand()).execute(args);
    }

    /** Runs a command with its output going to {@code out}. */
    public static int execute(java.io.PrintWriter out, String... args) {
        return execute(out, out, args);
    }

    /** Runs a command with its output going to {@code out} and its problems to {@code err}. */
    public static int execute(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new WorkflowDbCommand());
        cli.setOut(out);
        cli.setErr(err);
        return cli.execute(args);
    }
}
