package io.workflowdb.operator.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Reads {@link ClusterSettings} from the operator's configuration, defaulting each to {@link ClusterSettings#defaults()}. */
@ApplicationScoped
public class ClusterSettingsProducer {

    @ConfigProperty(name = "workflowdb.cluster.patroni-image", defaultValue = ClusterSettings.DEFAULT_PATRONI_IMAGE)
    String patroniImage;

    @ConfigProperty(name = "workflowdb.cluster.pooler-image", defaultValue = ClusterSettings.DEFAULT_POOLER_IMAGE)
    String poolerImage;

    @ConfigProperty(name = "workflowdb.cluster.leader-label-value", defaultValue = "primary")
    String leaderLabelValue;

    @ConfigProperty(name = "workflowdb.cluster.run-as-user", defaultValue = "101")
    long runAsUser;

    @ConfigProperty(name = "workflowdb.cluster.fs-group", defaultValue = "103")
    long fsGroup;

    @ConfigProperty(name = "workflowdb.cluster.patroni-api-url", defaultValue = ClusterSettings.DEFAULT_PATRONI_API_URL)
    String patroniApiUrl;

    @ConfigProperty(name = "workflowdb.cluster.database-address", defaultValue = ClusterSettings.DEFAULT_DATABASE_ADDRESS)
    String databaseAddress;

    /** The Helm chart sets KUBERNETES_NAMESPACE to the operator pod's namespace. */
    @ConfigProperty(name = "workflowdb.cluster.operator-namespace",
            defaultValue = "${KUBERNETES_NAMESPACE:" + ClusterSettings.DEFAULT_OPERATOR_NAMESPACE + "}")
    String operatorNamespace;

    @ConfigProperty(name = "workflowdb.cluster.tls-extra-names")
    java.util.Optional<java.util.List<String>> tlsExtraNames;

    @ConfigProperty(name = "workflowdb.cluster.tls-default", defaultValue = "verify-full")
    String tlsDefault;

    // Singleton, not ApplicationScoped: a record cannot be proxied.
    @Produces
    @Singleton
    ClusterSettings settings() {
        return new ClusterSettings(patroniImage, poolerImage, leaderLabelValue, runAsUser, fsGroup, patroniApiUrl,
                databaseAddress, operatorNamespace, tlsExtraNames.orElse(java.util.List.of()),
                io.workflowdb.operator.tls.ServedTls.Mode.of(tlsDefault));
    }
}
