package io.workflowdb.operator.status;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Kubernetes Events on a resource for what the operator changed ({@code kubectl describe} shows them).
 * Messages name database objects only, never a value or a secret. An Event that cannot be written
 * is logged and skipped: the change it reports has happened anyway.
 */
@ApplicationScoped
public class ResourceEvents {

    private static final Logger LOG = Logger.getLogger(ResourceEvents.class);
    static final String COMPONENT = "workflowdb-operator";

    @Inject
    KubernetesClient client;

    @Inject
    Clock clock;

    public void normal(HasMetadata resource, String reason, String message) {
        record(resource, "Normal", reason, message);
    }

    public void warning(HasMetadata resource, String reason, String message) {
        record(resource, "Warning", reason, message);
    }

    private void record(HasMetadata resource, String type, String reason, String message) {
        String now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
        var event = new EventBuilder().withNewMetadata()
                .withGenerateName(resource.getMetadata().getName() + ".")
                .withNamespace(resource.getMetadata().getNamespace()).endMetadata()
                .withInvolvedObject(new ObjectReferenceBuilder().withApiVersion(resource.getApiVersion())
                        .withKind(resource.getKind()).withName(resource.getMetadata().getName())
                        .withNamespace(resource.getMetadata().getNamespace()).withUid(resource.getMetadata().getUid())
                        .build())
                .withType(type).withReason(reason).withMessage(message).withCount(1)
                .withFirstTimestamp(now).withLastTimestamp(now)
                .withNewSource().withComponent(COMPONENT).endSource().build();
        try {
            client.v1().events().inNamespace(resource.getMetadata().getNamespace()).resource(event).create();
        } catch (KubernetesClientException e) {
            LOG.warnf("event %s on %s/%s not recorded: %s", reason, resource.getMetadata().getNamespace(),
                    resource.getMetadata().getName(), e.getMessage());
        }
    }
}
