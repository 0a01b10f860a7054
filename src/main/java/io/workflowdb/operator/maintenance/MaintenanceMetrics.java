package io.workflowdb.operator.maintenance;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.micrometer.core.instrument.MeterRegistry;

/** {@code workflowdb_maintenance_actions_total{namespace, policy, outcome}}: maintenance actions by outcome. */
@ApplicationScoped
public class MaintenanceMetrics {

    static final String ACTIONS = "workflowdb.maintenance.actions";

    @Inject
    MeterRegistry registry;

    public MaintenanceMetrics() {
    }

    /** For tests outside a container. */
    public MaintenanceMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void action(HasMetadata policy, String outcome) {
        registry.counter(ACTIONS, "namespace", policy.getMetadata().getNamespace(), "policy", policy.getMetadata().getName(),
                "outcome", outcome).increment();
    }
}
