package io.workflowdb.operator.health;

import java.util.function.Consumer;

import io.workflowdb.operator.api.v1alpha1.MonitoringSpec;

/** Thresholds for tests: the defaults with some fields changed, built the way a spec would give them. */
final class Thresholds {

    private Thresholds() {
    }

    static HealthThresholds with(Consumer<MonitoringSpec.Thresholds> change) {
        MonitoringSpec spec = new MonitoringSpec();
        spec.thresholds = new MonitoringSpec.Thresholds();
        change.accept(spec.thresholds);
        return HealthThresholds.of(spec);
    }
}
