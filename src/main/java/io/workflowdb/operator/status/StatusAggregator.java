package io.workflowdb.operator.status;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.workflowdb.operator.api.v1alpha1.BaseStatus;
import io.workflowdb.operator.api.v1alpha1.Condition;
import io.workflowdb.operator.api.v1alpha1.ConditionTypes;

/**
 * Builds the conditions of one reconcile. Reconcilers state each condition once; {@link #applyTo}
 * then writes them onto the status, keeping {@code lastTransitionTime} of any condition whose status
 * did not change, so that an unchanged outcome yields an identical status and no patch.
 */
public final class StatusAggregator {

    private final Map<String, Condition> conditions = new LinkedHashMap<>();
    private final long generation;
    private final Clock clock;

    public StatusAggregator(HasMetadata resource, Clock clock) {
        Long g = resource.getMetadata().getGeneration();
        this.generation = g == null ? 0L : g;
        this.clock = clock;
    }

    public StatusAggregator set(String type, ConditionStatus status, Enum<?> reason, String message) {
        conditions.put(type, new Condition(type, status.name(), reason.name(), message, null, generation));
        return this;
    }

    /**
     * States {@code type} exactly as {@code source} was recorded (status, reason, message): Ready
     * following another condition between runs, without reading its reason back into an enum.
     */
    public StatusAggregator follow(String type, Condition source) {
        conditions.put(type, new Condition(type, source.status, source.reason, source.message, null, generation));
        return this;
    }

    public StatusAggregator ready(Enum<?> reason, String message) {
        return set(ConditionTypes.READY, ConditionStatus.True, reason, message);
    }

    public StatusAggregator notReady(Enum<?> reason, String message) {
        return set(ConditionTypes.READY, ConditionStatus.False, reason, message);
    }

    public boolean isReady() {
        Condition ready = conditions.get(ConditionTypes.READY);
        return ready != null && ConditionStatus.True.name().equals(ready.status);
    }

    /**
     * Replaces the conditions this reconcile stated and sets {@code observedGeneration}. Conditions
     * not stated this time are kept as they were.
     */
    public void applyTo(BaseStatus status) {
        Map<String, Condition> previous = new LinkedHashMap<>();
        for (Condition c : status.conditions) {
            previous.put(c.type, c);
        }
        String now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
        List<Condition> merged = new ArrayList<>();
        for (Condition old : status.conditions) {
            if (!conditions.containsKey(old.type)) {
                merged.add(old);
            }
        }
        for (Condition next : conditions.values()) {
            Condition old = previous.get(next.type);
            next.lastTransitionTime = old != null && old.status != null && old.status.equals(next.status)
                    && old.lastTransitionTime != null ? old.lastTransitionTime : now;
            merged.add(next);
        }
        merged.sort((a, b) -> ConditionTypes.READY.equals(a.type) ? -1 : ConditionTypes.READY.equals(b.type) ? 1 : a.type.compareTo(b.type));
        status.conditions = merged;
        status.observedGeneration = generation;
    }

    /** Finds a condition by type on a status, or null. */
    public static Condition find(BaseStatus status, String type) {
        if (status == null || status.conditions == null) {
            return null;
        }
        return status.conditions.stream().filter(c -> type.equals(c.type)).findFirst().orElse(null);
    }

    /** Ready=True for the current generation: the one predicate tests, Argo CD and the CLI wait on. */
    public static boolean isReadyForGeneration(HasMetadata resource, BaseStatus status) {
        Condition ready = find(status, ConditionTypes.READY);
        Long generation = resource.getMetadata().getGeneration();
        return ready != null && ConditionStatus.True.name().equals(ready.status) && status.observedGeneration != null
                && status.observedGeneration.equals(generation);
    }
}
