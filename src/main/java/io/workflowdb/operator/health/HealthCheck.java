package io.workflowdb.operator.health;

import io.workflowdb.operator.api.v1alpha1.HealthStatus.Level;

/**
 * One check's verdict.
 *
 * @param name a stable name, also the {@code check} tag of its metrics, such as {@code cache_hit_ratio}
 * @param subject what the check measured when there are several (a replica); empty otherwise
 * @param value the figure for metrics, null when there is none (no replica lag yet, no reads yet)
 * @param shown the figure as status shows it
 * @param threshold the threshold as status shows it, with its direction
 */
public record HealthCheck(String name, String subject, Double value, String shown, String threshold, Level level) {

    /** The name status shows: {@code replication_lag_bytes[replica-1]} when there is a subject. */
    public String label() {
        return subject.isEmpty() ? name : name + "[" + subject + "]";
    }
}
