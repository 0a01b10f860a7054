package io.workflowdb.operator.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.cluster.ClusterSettings;
import io.workflowdb.operator.cluster.access.Credentials;
import io.workflowdb.operator.cluster.access.CredentialsStore;
import io.workflowdb.operator.cluster.model.DesiredCluster;
import io.workflowdb.operator.validation.ResourceValidator;
import io.workflowdb.operator.validation.Violation;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "render", mixinStandardHelpOptions = true,
        description = { "Prints every object the operator would create for each WorkflowDatabase in the files, as",
                "multi-document YAML, from the same code as the running operator (Secret values redacted,",
                "default images). With --config-only, writes patroni.yml and pgbouncer.ini instead.",
                "Exit status: 0 when everything rendered, 2 when a resource is invalid or a file unreadable." })
class RenderCommand implements Callable<Integer> {

    static final String REDACTED = "<redacted>";
    /** Offline there is no API server to assign the owner's uid. */
    static final String UNKNOWN_UID = "<uid of the WorkflowDatabase>";

    @Option(names = { "-f", "--filename" }, required = true, arity = "1..*",
            description = "Files with WorkflowDatabase resources; other documents are skipped.")
    List<Path> files;

    @Option(names = "--config-only", description = "Write only patroni.yml and pgbouncer.ini, one directory <namespace>/<name> per WorkflowDatabase.")
    boolean configOnly;

    @Option(names = { "-o", "--output-dir" }, description = "Directory for --config-only (default: the current directory).")
    Path outputDirectory = Path.of(".");

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ResourceValidator validator = new ResourceValidator();
        int problems = 0;
        for (Path file : files) {
            try {
                for (JsonNode document : ResourceFiles.documents(file)) {
                    if (!"WorkflowDatabase".equals(document.path("kind").asText()) || !ResourceFiles.isOurs(document)) {
                        continue;
                    }
                    String label = file + ": " + ResourceFiles.describe(document);
                    List<Violation> violations = ResourceKinds.validate(validator, document);
                    if (!violations.isEmpty()) {
                        violations.forEach(v -> err.println(label + ": " + v.field() + ": " + v.message()));
                        problems++;
                        continue;
                    }
                    WorkflowDatabase db = Serialization.jsonMapper().convertValue(document, WorkflowDatabase.class);
                    if (db.getMetadata().getNamespace() == null) {
                        db.getMetadata().setNamespace("default");
                    }
                    if (db.getMetadata().getUid() == null) {
                        db.getMetadata().setUid(UNKNOWN_UID);
                    }
                    if (db.getSpec().external != null) {
                        err.println(label + ": external database, the operator creates no objects for it");
                        continue;
                    }
                    DesiredCluster desired = DesiredCluster.of(db, Credentials.redacted(), ClusterSettings.defaults());
                    if (configOnly) {
                        writeConfig(db, desired, out);
                    } else {
                        print(db, desired, out);
                    }
                }
            } catch (IOException e) {
                err.println(file + ": cannot read: " + ResourceFiles.readable(e));
                problems++;
            }
        }
        out.flush();
        err.flush();
        return problems == 0 ? 0 : ValidateCommand.INVALID;
    }

    private static void print(WorkflowDatabase db, DesiredCluster desired, PrintWriter out) {
        out.print(Serialization.asYaml(redact(CredentialsStore.secret(db, Credentials.redacted()))));
        for (HasMetadata object : desired.objects()) {
            object.addOwnerReference(db);
            out.print(Serialization.asYaml(object instanceof Secret s ? redact(s) : object));
        }
    }

    /** Shows which keys a Secret holds, never a value. */
    private static Secret redact(Secret secret) {
        Map<String, String> keys = new TreeMap<>();
        secret.getData().keySet().forEach(k -> keys.put(k, REDACTED));
        return new SecretBuilder(secret).withData(null).withStringData(keys).build();
    }

    private void writeConfig(WorkflowDatabase db, DesiredCluster desired, PrintWriter out) throws IOException {
        Path dir = outputDirectory.resolve(db.getMetadata().getNamespace()).resolve(db.getMetadata().getName());
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("patroni.yml"), desired.patroni().yaml());
        out.println("wrote " + dir.resolve("patroni.yml"));
        if (desired.pgbouncer() != null) {
            Files.writeString(dir.resolve("pgbouncer.ini"), desired.pgbouncer().ini());
            out.println("wrote " + dir.resolve("pgbouncer.ini"));
        }
    }
}
