package io.workflowdb.operator.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;

import io.workflowdb.operator.validation.ResourceValidator;
import io.workflowdb.operator.validation.Violation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = { "Checks resource files (multi-document YAML) against the CRD schemas, their CEL rules and the",
                "operator's own rules, and prints each problem with its resource and field.",
                "Exit status: 0 when every workflowdb.io resource is valid, 2 otherwise." })
class ValidateCommand implements Callable<Integer> {

    static final int INVALID = 2;

    @Option(names = { "-f", "--filename" }, required = true, arity = "1..*",
            description = "Files to check; other kinds (Secrets, ConfigMaps) in them are skipped.")
    List<Path> files;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ResourceValidator validator = new ResourceValidator();
        int problems = 0;
        int checked = 0;
        for (Path file : files) {
            try {
                for (JsonNode document : ResourceFiles.documents(file)) {
                    String label = file + ": " + ResourceFiles.describe(document);
                    if (!ResourceFiles.isOurs(document)) {
                        out.println(label + ": skipped, not a " + ResourceKinds.API_VERSION + " resource");
                        continue;
                    }
                    checked++;
                    List<Violation> violations = ResourceKinds.validate(validator, document);
                    if (violations.isEmpty()) {
                        out.println(label + ": valid");
                    }
                    for (Violation v : violations) {
                        out.println(label + ": " + v.field() + ": " + v.message());
                    }
                    problems += violations.isEmpty() ? 0 : 1;
                }
            } catch (IOException e) {
                out.println(file + ": cannot read: " + ResourceFiles.readable(e));
                problems++;
            }
        }
        out.println(checked + " resources checked, " + problems + " with problems");
        out.flush();
        return problems == 0 ? 0 : INVALID;
    }
}
