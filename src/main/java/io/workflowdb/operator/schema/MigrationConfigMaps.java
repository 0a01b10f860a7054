package io.workflowdb.operator.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.workflowdb.operator.api.v1alpha1.MigrationSource;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.schema.migration.MigrationScript;

/** Reads the user's migrations from the ConfigMaps named in {@code spec.schema.migrations}. */
@ApplicationScoped
public class MigrationConfigMaps {

    @Inject
    KubernetesClient client;

    /** Thrown when a named ConfigMap does not exist; the message names it. */
    public static class MissingConfigMapException extends Exception {
        MissingConfigMapException(String message) {
            super(message);
        }
    }

    public List<MigrationScript> scripts(WorkflowDatabase db) throws MissingConfigMapException {
        List<MigrationSource> sources = db.getSpec().schema == null ? null : db.getSpec().schema.migrations;
        List<MigrationScript> scripts = new ArrayList<>();
        if (sources == null) {
            return scripts;
        }
        String namespace = db.getMetadata().getNamespace();
        for (MigrationSource source : sources) {
            String name = source.configMapRef.name;
            ConfigMap map = client.configMaps().inNamespace(namespace).withName(name).get();
            if (map == null) {
                throw new MissingConfigMapException("ConfigMap " + name + " does not exist in namespace " + namespace);
            }
            scripts.addAll(fromEntries(map.getData()));
        }
        return scripts;
    }

    /** Every entry of a ConfigMap is a migration; a name that is not one is reported by the migration run. */
    public static List<MigrationScript> fromEntries(Map<String, String> data) {
        List<MigrationScript> scripts = new ArrayList<>();
        if (data != null) {
            new TreeMap<>(data).forEach((file, sql) -> scripts.add(new MigrationScript(file, sql)));
        }
        return scripts;
    }
}
