package io.workflowdb.operator.testing;

import java.net.HttpURLConnection;
import java.util.function.Consumer;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Changes a resource the way a user's {@code kubectl edit} does while the operator keeps writing its status:
 * read, change, update, and on a 409 (the operator wrote in between) read again and apply the change anew.
 */
public final class SpecEdits {

    private static final int ATTEMPTS = 10;

    private SpecEdits() {
    }

    public static <T extends HasMetadata> T edit(KubernetesClient client, Class<T> type, String namespace, String name,
            Consumer<T> change) {
        for (int attempt = 1;; attempt++) {
            T current = client.resources(type).inNamespace(namespace).withName(name).get();
            if (current == null) {
                throw new IllegalStateException(type.getSimpleName() + " " + namespace + "/" + name + " does not exist");
            }
            change.accept(current);
            try {
                return client.resource(current).inNamespace(namespace).update();
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }
}
