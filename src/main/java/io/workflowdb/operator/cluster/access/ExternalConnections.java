package io.workflowdb.operator.cluster.access;

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
import io.workflowdb.operator.tls.Pem;

/** Builds the connection settings of an external database from its spec and credentials Secret. */
@ApplicationScoped
public class ExternalConnections {

    static final String USERNAME_KEY = "username";
    static final String PASSWORD_KEY = "password";
    static final String CA_KEY = "ca.crt";

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
        if (external.caSecret == null) {
            String sslMode = external.sslMode == null ? "prefer" : sslMode(external.sslMode);
            return new ConnectionSettings(external.hosts, external.database, sslMode, username, password);
        }
        String sslMode = external.sslMode == null ? "verify-full" : sslMode(external.sslMode);
        return new ConnectionSettings(external.hosts, external.database, sslMode, username, password,
                trustedAuthorities(database, external.caSecret.name));
    }

    private static String sslMode(ExternalSpec.SslMode mode) {
        return mode.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** The CA Secret's certificates, checked to be PEM certificates. */
    private String trustedAuthorities(WorkflowDatabase database, String secretName) throws MissingCredentialsException {
        String namespace = database.getMetadata().getNamespace();
        Secret secret = client.secrets().inNamespace(namespace).withName(secretName).get();
        String pem = secret == null ? null : read(secret, CA_KEY);
        if (pem == null) {
            throw new MissingCredentialsException("Secret " + secretName + " with key " + CA_KEY
                    + " does not exist in namespace " + namespace);
        }
        try {
            Pem.certificates(pem);
            return pem;
        } catch (IllegalArgumentException e) {
            throw new MissingCredentialsException("Secret " + secretName + " key " + CA_KEY
                    + " holds no PEM certificate: " + e.getMessage());
        }
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
