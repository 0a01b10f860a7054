package io.workflowdb.operator.partition.plan;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.workflowdb.operator.api.v1alpha1.PartitionPolicySpec;
import io.workflowdb.operator.api.v1alpha1.PartitionPolicySpec.PartitionRetention.Action;
import io.workflowdb.operator.api.v1alpha1.PartitionPolicySpec.RangeSpec.Interval;
import io.workflowdb.operator.partition.model.ObservedPartition;
import io.workflowdb.operator.partition.model.PartitionAction;
import io.workflowdb.operator.partition.model.PartitionSnapshot;

/** Specs, snapshots, and a pure simulator that applies a plan to a snapshot the way the executor would. */
final class Snapshots {

    static final String TABLE = "public.workflow_events";

    private Snapshots() {
    }

    static PartitionPolicySpec rangeSpec(Interval interval, String zone, int premake) {
        PartitionPolicySpec spec = new PartitionPolicySpec();
        spec.table = TABLE;
        spec.column = "occurred_at";
        spec.range = new PartitionPolicySpec.RangeSpec();
        spec.range.interval = interval;
        spec.range.timeZone = zone;
        spec.range.premake = premake;
        return spec;
    }

    static PartitionPolicySpec withRetention(PartitionPolicySpec spec, int keep, Action action) {
        spec.retention = new PartitionPolicySpec.PartitionRetention();
        spec.retention.keep = keep;
        spec.retention.action = action;
        return spec;
    }

    static PartitionPolicySpec hashSpec(int modulus) {
        PartitionPolicySpec spec = new PartitionPolicySpec();
        spec.table = "public.task_executions";
        spec.column = "task_id";
        spec.hash = new PartitionPolicySpec.HashSpec();
        spec.hash.modulus = modulus;
        spec.defaultPartition = false;
        return spec;
    }

    static PartitionSnapshot partitioned(PartitionPolicySpec spec, List<ObservedPartition> partitions) {
        return new PartitionSnapshot(true, true, spec.hash != null ? "hash" : "range",
                List.of(spec.column), false, partitions, 0);
    }

    static PartitionSnapshot missing() {
        return new PartitionSnapshot(false, false, null, List.of(), true, List.of(), 0);
    }

    static PartitionSnapshot unpartitioned(boolean empty) {
        return new PartitionSnapshot(true, false, null, List.of(), empty, List.of(), 0);
    }

    static ObservedPartition range(String name, Instant from, Instant to) {
        return new ObservedPartition(name, from, to, null, null, false, false, "FROM ('" + from + "') TO ('" + to + "')");
    }

    static ObservedPartition defaultPartition(String name) {
        return new ObservedPartition(name, null, null, null, null, true, false, "DEFAULT");
    }

    static ObservedPartition hash(String name, int modulus, int remainder) {
        return new ObservedPartition(name, null, null, modulus, remainder, false, false,
                "FOR VALUES WITH (modulus " + modulus + ", remainder " + remainder + ")");
    }

    static ObservedPartition pendingDetach(ObservedPartition p) {
        return new ObservedPartition(p.name(), p.from(), p.to(), p.modulus(), p.remainder(), p.isDefault(), true,
                p.bound());
    }

    /** The snapshot after the executor ran every action successfully. */
    static PartitionSnapshot apply(PartitionPolicySpec spec, PartitionSnapshot before, List<PartitionAction> plan) {
        boolean partitioned = before.partitioned();
        String strategy = before.strategy();
        List<String> key = before.keyColumns();
        List<ObservedPartition> partitions = new ArrayList<>(before.partitions());
        for (PartitionAction action : plan) {
            if (action instanceof PartitionAction.ConvertEmptyTable) {
                partitioned = true;
                strategy = spec.hash != null ? "hash" : "range";
                key = List.of(spec.column);
            } else if (action instanceof PartitionAction.CreateRangePartition c) {
                assertNameFree(partitions, c.partition());
                partitions.add(range(c.partition(), c.from(), c.to()));
            } else if (action instanceof PartitionAction.CreateHashPartition c) {
                assertNameFree(partitions, c.partition());
                partitions.add(hash(c.partition(), c.modulus(), c.remainder()));
            } else if (action instanceof PartitionAction.CreateDefaultPartition c) {
                assertNameFree(partitions, c.partition());
                partitions.add(defaultPartition(c.partition()));
            } else if (action instanceof PartitionAction.DetachPartition
                    || action instanceof PartitionAction.FinalizeDetach
                    || action instanceof PartitionAction.DropPartition) {
                remove(partitions, action.partition());
            } else {
                throw new AssertionError("unexpected action " + action);
            }
        }
        return new PartitionSnapshot(true, partitioned, strategy, key, before.empty(), partitions, 0);
    }

    private static void assertNameFree(List<ObservedPartition> partitions, String name) {
        if (partitions.stream().anyMatch(p -> p.name().equals(name))) {
            throw new AssertionError("relation " + name + " already exists");
        }
    }

    private static void remove(List<ObservedPartition> partitions, String name) {
        if (!partitions.removeIf(p -> p.name().equals(name))) {
            throw new AssertionError("no partition " + name);
        }
    }
}
