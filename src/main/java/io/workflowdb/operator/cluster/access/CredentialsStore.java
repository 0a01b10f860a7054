package io.workflowdb.operator.cluster.access;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.cluster.model.ClusterNames;

/**
 * Keeps the credentials Secret of a managed cluster: created once with generated passwords, and
 * afterwards only read. Handled apart from the other objects because its content must survive every
 * later reconcile unchanged (a desired-state update would regenerate it).
 */
@ApplicationScoped
public class CredentialsStore {

    @Inject
    KubernetesClient client;

    public Credentials ensure(WorkflowDatabase db) {
        String name = ClusterNames.credentialsSecret(db);
        String namespace = ClusterNames.namespace(db);
        Secret existing = client.secrets().inNamespace(namespace).withName(name).get();
        if (existing == null) {
            Credentials fresh = Credentials.completing(Map.of());
            try {
                client.resource(secret(db, fresh)).inNamespace(namespace).create();
                return fresh;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
                // another reconcile created it first: use what is stored
                existing = client.secrets().inNamespace(namespace).withName(name).require();
            }
        }
        if (!madeForThis(existing, db)) {
            throw new ForeignSecretException(db, name, "passwords");
        }
        Map<String, String> stored = Credentials.decode(existing.getData());
        Credentials complete = Credentials.completing(stored);
        if (!stored.keySet().containsAll(complete.passwords().keySet())) {
            // someone removed a key: add a new password for it only, keep every other key as it is
            client.secrets().inNamespace(namespace).withName(name).edit(s -> {
                Map<String, String> data = new java.util.LinkedHashMap<>(complete.encoded());
                if (s.getData() != null) {
                    data.putAll(s.getData());
                }
                return new SecretBuilder(s).withData(data).build();
            });
        }
        return complete;
    }

    /**
     * Whether a stored Secret carries the labels the operator gives the credentials of this
     * database. A Secret someone else made under the same name is never adopted silently: its
     * passwords would become the superuser's, known to whoever wrote them.
     */
    public static boolean madeForThis(Secret secret, WorkflowDatabase db) {
        Map<String, String> labels = secret.getMetadata().getLabels();
        return labels != null && ClusterNames.MANAGED_BY.equals(labels.get(ClusterNames.LABEL_MANAGED_BY))
                && ClusterNames.name(db).equals(labels.get(ClusterNames.LABEL_INSTANCE));
    }

    /** A Secret by the credentials' name exists that the operator did not make; the message says what to do. */
    public static final class ForeignSecretException extends RuntimeException {
        /** @param what what labelling the Secret hands to the operator ("passwords", "certificates") */
        ForeignSecretException(WorkflowDatabase db, String secret, String what) {
            super("Secret " + secret + " exists and was not made by the operator for this database: rename or delete it,"
                    + " or label it " + ClusterNames.LABEL_MANAGED_BY + "=" + ClusterNames.MANAGED_BY + " and "
                    + ClusterNames.LABEL_INSTANCE + "=" + ClusterNames.name(db) + " to hand its " + what + " to the operator");
        }
    }

    /** The Secret as created; also what the render command prints (with redacted values). */
    public static Secret secret(WorkflowDatabase db, Credentials credentials) {
        Secret secret = new SecretBuilder().withNewMetadata().withName(ClusterNames.credentialsSecret(db))
                .withNamespace(ClusterNames.namespace(db))
                .withLabels(ClusterNames.labels(db, ClusterNames.COMPONENT_CREDENTIALS)).endMetadata()
                .withType("Opaque").withData(credentials.encoded()).build();
        secret.addOwnerReference(db);
        return secret;
    }
}
