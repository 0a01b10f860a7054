package io.workflowdb.operator.retention;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.micrometer.core.instrument.MeterRegistry;

/** {@code workflowdb_retention_rows_total{namespace, policy, table, action}}: rows archived or deleted. */
@ApplicationScoped
public class RetentionMetrics {

    static final String ROWS = "workflowdb.retention.rows";

    @Inject
    MeterRegistry registry;

    public RetentionMetrics() {
    }

    /** For tests outside a container. */
    public RetentionMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void rows(HasMetadata policy, String table, String action, long rows) {
        registry.counter(ROWS, "namespace", policy.getMetadata().getNamespace(), "policy", policy.getMetadata().getName(),
                "table", table, "action", action).increment(rows);
    }
}
