package io.workflowdb.operator.partition.plan;

import java.time.ZoneId;

import io.workflowdb.operator.api.v1alpha1.PartitionPolicySpec;
import io.workflowdb.operator.api.v1alpha1.PartitionPolicySpec.PartitionRetention.Action;

/**
 * A range policy with its defaults filled in: premake 3, time zone UTC, a default partition,
 * retention action drop.
 *
 * @param keep intervals kept by retention, counting the current one; null keeps everything
 * @param subpartitionColumn with {@code subpartitionModulus}: hash subpartitioning, null when none
 */
record RangeSettings(RangeBounds bounds, int premake, boolean defaultPartition, Integer keep, Action action,
        String subpartitionColumn, Integer subpartitionModulus) {

    static final int DEFAULT_PREMAKE = 3;

    /** @throws java.time.DateTimeException for an unknown time zone */
    static RangeSettings of(PartitionPolicySpec spec) {
        PartitionPolicySpec.RangeSpec range = spec.range;
        ZoneId zone = ZoneId.of(range.timeZone == null || range.timeZone.isBlank() ? "UTC" : range.timeZone);
        Integer keep = spec.retention == null ? null : spec.retention.keep;
        Action action = spec.retention == null || spec.retention.action == null ? Action.DROP : spec.retention.action;
        boolean sub = spec.subpartition != null && spec.subpartition.hash != null;
        return new RangeSettings(new RangeBounds(range.interval, zone),
                range.premake == null ? DEFAULT_PREMAKE : range.premake,
                spec.defaultPartition == null || spec.defaultPartition,
                keep, action,
                sub ? spec.subpartition.hash.column : null,
                sub ? spec.subpartition.hash.modulus : null);
    }
}
