package io.workflowdb.operator.policy;

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
 * Kubernetes Events on a policy for what its run changed ({@code kubectl describe} shows them).
 * Messages name database objects only, never a value or a secret. An Event that cannot be written
 * is logged and skipped: the change it reports has happened anyway.
 */
@ApplicationScoped
public class PolicyEvents {

    private static final Logger LOG = Logger.getLogger(PolicyEvents.class);
    static final String COMPONENT = "workflowdb-operator";

    @Inject
    KubernetesClient client;

    @Inject
    Clock clock;

    public void normal(HasMetadata policy, String reason, String message) {
        record(policy, "Normal", reason, message);
    }

    public void warning(HasMetadata policy, String reason, String message) {
        record(policy, "Warning", reason, message);
    }

    private void record(HasMetadata policy, String type, String reason, String message) {
        String now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
        var event = new EventBuilder().withNewMetadata()
                .withGenerateName(policy.getMetadata().getName() + ".")
                .withNamespace(policy.getMetadata().getNamespace()).endMetadata()
                .withInvolvedObject(new ObjectReferenceBuilder().withApiVersion(policy.getApiVersion())
                        .withKind(policy.getKind()).withName(policy.getMetadata().getName())
                        .withNamespace(policy.getMetadata().getNamespace()).withUid(policy.getMetadata().getUid())
                        .build())
                .withType(type).withReason(reason).withMessage(message).withCount(1)
                .withFirstTimestamp(now).withLastTimestamp(now)
                .withNewSource().withComponent(COMPONENT).endSource().build();
        try {
            client.v1().events().inNamespace(policy.getMetadata().getNamespace()).resource(event).create();
        } catch (KubernetesClientException e) {
            LOG.warnf("event %s on %s/%s not recorded: %s", reason, policy.getMetadata().getNamespace(),
                    policy.getMetadata().getName(), e.getMessage());
        }
    }
}
