package io.workflowdb.operator.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.workflowdb.operator.api.v1alpha1.Condition;
import io.workflowdb.operator.api.v1alpha1.ConditionTypes;
import io.workflowdb.operator.api.v1alpha1.ExternalSpec;
import io.workflowdb.operator.api.v1alpha1.LocalObjectReference;
import io.workflowdb.operator.api.v1alpha1.SchemaSpec;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabaseSpec;
import io.workflowdb.operator.schema.SchemaStatusMapper;
import io.workflowdb.operator.status.StatusAggregator;

/**
 * What the operator tests set up on the mock API server: credentials Secrets and external-mode
 * WorkflowDatabases pointing at a database of the embedded PostgreSQL.
 */
public final class FlowDatabases {

    private FlowDatabases() {
    }

    /** A new database of the embedded server, owned by the application role. */
    public static void createDatabase(String name) throws Exception {
        try (Connection c = TestPostgres.superuser("postgres").getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name + " OWNER " + TestPostgres.APP_USER);
        }
    }

    /** A Secret with the {@code username} and {@code password} keys an external database reads. */
    public static void createSecret(KubernetesClient client, String namespace, String name, String username,
            String password) {
        Base64.Encoder b64 = Base64.getEncoder();
        client.resource(new SecretBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withData(Map.of("username", b64.encodeToString(username.getBytes(StandardCharsets.UTF_8)),
                        "password", b64.encodeToString(password.getBytes(StandardCharsets.UTF_8))))
                .build()).inNamespace(namespace).create();
    }

    /** An external-mode WorkflowDatabase on {@code database} of the embedded server, not yet created. */
    public static WorkflowDatabase external(String namespace, String name, String database, String secret) {
        WorkflowDatabase db = new WorkflowDatabase();
        db.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        db.setSpec(new WorkflowDatabaseSpec());
        db.getSpec().external = new ExternalSpec();
        db.getSpec().external.hosts = List.of("localhost:" + TestPostgres.port());
        db.getSpec().external.database = database;
        db.getSpec().external.sslMode = ExternalSpec.SslMode.DISABLE;
        db.getSpec().external.credentialsSecret = new LocalObjectReference(secret);
        return db;
    }

    /**
     * Creates the Secret {@code <name>-admin} with the application role's credentials and the
     * WorkflowDatabase {@code name} on {@code database} with the given schema (or none).
     */
    public static WorkflowDatabase createExternal(KubernetesClient client, String namespace, String name, String database,
            SchemaSpec schema) {
        String secret = name + "-admin";
        createSecret(client, namespace, secret, TestPostgres.APP_USER, TestPostgres.APP_PASSWORD);
        WorkflowDatabase db = external(namespace, name, database, secret);
        db.getSpec().schema = schema;
        return client.resource(db).inNamespace(namespace).create();
    }

    /** The built-in workflow schema and nothing else. */
    public static SchemaSpec workflowSchema() {
        SchemaSpec schema = new SchemaSpec();
        schema.workflow = true;
        return schema;
    }

    /**
     * Ready for its current generation with its schema applied: what a test that goes on to use
     * the schema's tables waits for (Ready alone says the database serves, not that its schema is there).
     */
    public static boolean readyWithSchema(WorkflowDatabase db) {
        if (db == null || db.getStatus() == null || !StatusAggregator.isReadyForGeneration(db, db.getStatus())) {
            return false;
        }
        Condition applied = StatusAggregator.find(db.getStatus(), ConditionTypes.SCHEMA_APPLIED);
        return applied != null && "True".equals(applied.status);
    }

    /** One resource of the repository's examples/, as a user would apply it. */
    public static <T> T example(String path, Class<T> type) throws IOException {
        return new ObjectMapper(new YAMLFactory()).readValue(new File(path), type);
    }
}
