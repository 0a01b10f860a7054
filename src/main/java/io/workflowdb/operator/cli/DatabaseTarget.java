package io.workflowdb.operator.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import java.sql.Connection;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.workflowdb.operator.api.v1alpha1.MigrationSource;
import io.fabric8.kubernetes.client.CustomResource;
import io.workflowdb.operator.api.v1alpha1.MaintenancePolicy;
import io.workflowdb.operator.api.v1alpha1.PartitionPolicy;
import io.workflowdb.operator.api.v1alpha1.RetentionPolicy;
import io.workflowdb.operator.api.v1alpha1.SchemaStatus.MaterializedViewStatus;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.schema.MigrationConfigMaps;
import io.workflowdb.operator.schema.migration.MigrationScript;
import io.workflowdb.operator.validation.ResourceValidator;
import io.workflowdb.operator.validation.Violation;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What {@code plan} and {@code apply} share: the resource files, and the database that stands in
 * for the one a resource refers to ({@code spec.external} or a policy's {@code databaseRef}).
 * ConfigMaps in the same files supply the migrations that {@code spec.schema.migrations} names.
 */
class DatabaseTarget {

    static final int FAILED = 1;
    /** The kinds plan and apply act on; the others are skipped. */
    static final java.util.Set<String> WORKING_KINDS = java.util.Set.of("WorkflowDatabase", "PartitionPolicy",
            "RetentionPolicy", "MaintenancePolicy");

    @Option(names = { "-f", "--filename" }, required = true, arity = "1..*",
            description = "Files with WorkflowDatabases (and the ConfigMaps their migrations name), PartitionPolicies,"
                    + " RetentionPolicies and MaintenancePolicies.")
    List<Path> files;

    @Mixin
    ConnectionOptions connection;

    /** The command this target is mixed into: where its output goes. */
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /**
     * A valid resource of the files: a WorkflowDatabase with the migrations its ConfigMaps hold, or
     * a policy (then {@code database} is null).
     */
    record Resource(String label, WorkflowDatabase database, CustomResource<?, ?> policy, List<MigrationScript> scripts) {
    }

    /** What a command does for one resource; false when the database refused something. */
    interface Step {
        boolean run(Resource resource, DataSource db, PrintWriter out) throws Exception;
    }

    /**
     * Runs {@code step} for every valid WorkflowDatabase and policy of the files, each on its own:
     * an invalid resource is reported and skipped, and a resource that fails (the database refused
     * something, or the step threw) does not stop the ones after it. Returns the exit status: 2
     * when any resource was invalid, else 1 when any failed, else 0.
     */
    int forEach(Step step) throws Exception {
        PrintWriter out = command.commandLine().getOut();
        PrintWriter err = command.commandLine().getErr();
        Loaded loaded = resources(err);
        DataSource db = loaded.valid().isEmpty() ? null : dataSource();
        boolean failed = false;
        for (Resource resource : loaded.valid()) {
            try {
                failed |= !step.run(resource, db, out);
            } catch (Exception e) {
                out.flush();
                err.println(resource.label() + ": failed: " + e.getMessage());
                failed = true;
            }
        }
        out.flush();
        err.flush();
        return loaded.invalid() ? ValidateCommand.INVALID : failed ? FAILED : 0;
    }

    /** The resources to act on, and whether any resource of the files was left out as invalid. */
    record Loaded(List<Resource> valid, boolean invalid) {
    }

    /** An autocommit connection, as the executors want it. */
    static Connection autocommit(DataSource db) throws java.sql.SQLException {
        Connection c = db.getConnection();
        c.setAutoCommit(true);
        return c;
    }

    /** The materialized views' refresh times recorded in the file's status, if it has one. */
    static List<MaterializedViewStatus> previousViews(Resource resource) {
        var status = resource.database().getStatus();
        return status == null || status.schema == null ? List.of() : status.schema.materializedViews;
    }

    DataSource dataSource() throws IOException {
        return connection.dataSource();
    }

    /** Reads every file; prints problems to {@code err}; leaves out each resource that is invalid. */
    Loaded resources(PrintWriter err) {
        ResourceValidator validator = new ResourceValidator();
        List<JsonNode> databases = new ArrayList<>();
        List<Resource> policies = new ArrayList<>();
        Map<String, ConfigMap> configMaps = new HashMap<>();
        boolean problems = false;
        for (Path file : files) {
            try {
                for (JsonNode document : ResourceFiles.documents(file)) {
                    if ("v1".equals(document.path("apiVersion").asText()) && "ConfigMap".equals(document.path("kind").asText())) {
                        ConfigMap map = Serialization.jsonMapper().convertValue(document, ConfigMap.class);
                        configMaps.put(map.getMetadata().getName(), map);
                    } else if (ResourceFiles.isOurs(document) && WORKING_KINDS.contains(document.path("kind").asText())) {
                        List<Violation> violations = ResourceKinds.validate(validator, document);
                        violations.forEach(v -> err.println(file + ": " + ResourceFiles.describe(document) + ": " + v));
                        if (!violations.isEmpty()) {
                            problems = true;
                            continue;
                        }
                        String kind = document.path("kind").asText();
                        if ("WorkflowDatabase".equals(kind)) {
                            databases.add(document);
                        } else {
                            Class<? extends CustomResource<?, ?>> type = switch (kind) {
                                case "PartitionPolicy" -> PartitionPolicy.class;
                                case "RetentionPolicy" -> RetentionPolicy.class;
                                default -> MaintenancePolicy.class;
                            };
                            policies.add(new Resource(ResourceFiles.describe(document), null,
                                    Serialization.jsonMapper().convertValue(document, type), List.of()));
                        }
                    }
                }
            } catch (IOException e) {
                err.println(file + ": cannot read: " + ResourceFiles.readable(e));
                problems = true;
            }
        }
        List<Resource> resources = new ArrayList<>();
        databases:
        for (JsonNode document : databases) {
            WorkflowDatabase db = Serialization.jsonMapper().convertValue(document, WorkflowDatabase.class);
            List<MigrationScript> scripts = new ArrayList<>();
            List<MigrationSource> sources = db.getSpec().schema == null ? null : db.getSpec().schema.migrations;
            for (MigrationSource source : sources == null ? List.<MigrationSource> of() : sources) {
                ConfigMap map = configMaps.get(source.configMapRef.name);
                if (map == null) {
                    err.println(ResourceFiles.describe(document) + ": ConfigMap " + source.configMapRef.name
                            + " is not in the given files");
                    problems = true;
                    continue databases;
                }
                scripts.addAll(MigrationConfigMaps.fromEntries(map.getData()));
            }
            resources.add(new Resource(ResourceFiles.describe(document), db, null, scripts));
        }
        resources.addAll(policies);
        return new Loaded(resources, problems);
    }
}
