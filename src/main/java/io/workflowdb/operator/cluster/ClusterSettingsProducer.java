package io.workflowdb.operator.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.workflowdb.operator.config.OperatorConfig;

/** {@link ClusterSettings} and {@link SpecAllowLists} from the operator's {@code workflowdb.cluster.*} settings. */
@ApplicationScoped
public class ClusterSettingsProducer {

    // Singleton, not ApplicationScoped: a record cannot be proxied.
    @Produces
    @Singleton
    ClusterSettings settings(OperatorConfig config) {
        return ClusterSettings.of(config.cluster());
    }

    @Produces
    @Singleton
    SpecAllowLists allowLists(OperatorConfig config) {
        return SpecAllowLists.of(config.cluster());
    }
}
