package io.workflowdb.operator.cluster;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.workflowdb.operator.api.v1alpha1.ExternalSpec;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.sql.ConnectionSettings;

/** Builds the connection settings of an external database from its spec and credentials Secret. */
@ApplicationScoped
public class ExternalConnections {

    static final String USERNAME_KEY = "username";
    static final String PASSWORD_KEY = "password";

    @Inject
    KubernetesClient client;

    /** Thrown when the credentials Secret is missing or incomplete; the message names it, never its content. */
    public static class MissingCredentialsException extends Exception {
        MissingCredentialsException(String message) {
            super(message);
        }
    }

    public ConnectionSettings settings(WorkflowDatabase database) throws MissingCredentialsException {
        ExternalSpec external = database.getSpec().external;
        String namespace = database.getMetadata().getNamespace();
        String secretName = external.credentialsSecret.name;
        Secret secret = client.secrets().inNamespace(namespace).withName(secretName).get();
        if (secret == null) {
            throw new MissingCredentialsException("Secret " + secretName + " does not exist in namespace " + namespace);
        }
        String username = read(secret, USERNAME_KEY);
        String password = read(secret, PASSWORD_KEY);
        if (username == null || password == null) {
            throw new MissingCredentialsException("Secret " + secretName + " needs the keys " + USERNAME_KEY + " and "
                    + PASSWORD_KEY);
        }
        String sslMode = external.sslMode == null ? "prefer" : external.sslMode.name().toLowerCase().replace('_', '-');
        return new ConnectionSettings(external.hosts, external.database, sslMode, username, password);
    }

    private static String read(Secret secret, String key) {
        Map<String, String> data = secret.getData();
        if (data != null && data.get(key) != null) {
            return new String(Base64.getDecoder().decode(data.get(key)), StandardCharsets.UTF_8);
        }
        Map<String, String> stringData = secret.getStringData();
        return stringData == null ? null : stringData.get(key);
    }
}
