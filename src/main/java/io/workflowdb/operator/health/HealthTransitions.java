package io.workflowdb.operator.health;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.workflowdb.operator.api.v1alpha1.HealthStatus.Level;

/**
 * What changed between two samples, and whether status must be written: pure decisions of the
 * health monitor. Status is written when any check's level changed since it was last written,
 * and otherwise only after {@code refresh}, so a steady database costs one status write every few
 * minutes whatever the sampling interval; the live values go to metrics.
 */
public final class HealthTransitions {

    private HealthTransitions() {
    }

    /** Each check's level by its label. */
    public static Map<String, Level> levels(HealthReport report) {
        Map<String, Level> levels = new LinkedHashMap<>();
        report.checks().forEach(c -> levels.put(c.label(), c.level()));
        return levels;
    }

    public static boolean shouldPublish(Map<String, Level> published, Instant publishedAt, HealthReport report,
            Instant now, Duration refresh) {
        return published == null || !published.equals(levels(report)) || !now.isBefore(publishedAt.plus(refresh));
    }

    /** Checks whose level got worse since {@code before} (a check new since then counts from OK). */
    public static List<HealthCheck> degraded(Map<String, Level> before, HealthReport report) {
        return report.checks().stream()
                .filter(c -> HealthEvaluator.severity(c.level()) > HealthEvaluator.severity(before.getOrDefault(c.label(), Level.OK)))
                .toList();
    }

    /** Checks whose level got better since {@code before}. */
    public static List<HealthCheck> recovered(Map<String, Level> before, HealthReport report) {
        return report.checks().stream()
                .filter(c -> HealthEvaluator.severity(c.level()) < HealthEvaluator.severity(before.getOrDefault(c.label(), Level.OK)))
                .toList();
    }

    /** An Event's words for some checks: {@code cache_hit_ratio WARNING (91.0, threshold < 95)}. */
    public static String describe(List<HealthCheck> checks) {
        return checks.stream().map(c -> c.label() + " " + c.level() + " (" + c.shown() + ", threshold " + c.threshold() + ")")
                .collect(Collectors.joining("; "));
    }
}
