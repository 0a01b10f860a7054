package io.workflowdb.operator.partition.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import io.workflowdb.operator.api.v1alpha1.PartitionPolicySpec.RangeSpec.Interval;

class PartitionNamesTest {

    private final PartitionNames names = new PartitionNames("public.workflow_events");
    private final Instant nov24 = Instant.parse("2026-11-24T00:00:00Z");

    @Test
    void rangeNamesFollowTheLocalStartDate() {
        assertThat(names.range(bounds(Interval.DAY), nov24)).isEqualTo("workflow_events_p2026_11_24");
        assertThat(names.range(bounds(Interval.WEEK), nov24)).isEqualTo("workflow_events_p2026_w48");
        assertThat(names.range(bounds(Interval.MONTH), nov24)).isEqualTo("workflow_events_p2026_11");
        assertThat(names.range(bounds(Interval.QUARTER), nov24)).isEqualTo("workflow_events_p2026_q4");
        assertThat(names.range(bounds(Interval.YEAR), nov24)).isEqualTo("workflow_events_p2026");
    }

    @Test
    void weekNamesUseTheIsoWeekBasedYear() {
        RangeBounds weeks = bounds(Interval.WEEK);

        assertThat(names.range(weeks, Instant.parse("2025-12-29T00:00:00Z"))).isEqualTo("workflow_events_p2026_w01");
        assertThat(names.range(weeks, Instant.parse("2021-01-03T00:00:00Z"))).isEqualTo("workflow_events_p2020_w53");
    }

    @Test
    void rangeNameUsesTheDateInThePolicyZone() {
        RangeBounds berlinMonths = new RangeBounds(Interval.MONTH, ZoneId.of("Europe/Berlin"));

        assertThat(names.range(berlinMonths, Instant.parse("2025-12-31T23:00:00Z"))).isEqualTo("workflow_events_p2026_01");
    }

    @Test
    void hashDefaultAndSubpartitionNames() {
        assertThat(names.hash(0)).isEqualTo("workflow_events_h0");
        assertThat(names.hash(7)).isEqualTo("workflow_events_h7");
        assertThat(names.defaultPartition()).isEqualTo("workflow_events_default");
        assertThat(names.subpartition(bounds(Interval.MONTH), nov24, 3)).isEqualTo("workflow_events_p2026_11_h3");
    }

    @Test
    void longTableNamesAreCutAndHashedWithinSixtyThreeBytes() {
        String longTable = "a_very_long_table_name_that_goes_on_and_on_for_quite_a_while_x";
        PartitionNames longNames = new PartitionNames(longTable);
        PartitionNames otherNames = new PartitionNames(longTable.replace("_x", "_y"));

        String day = longNames.subpartition(bounds(Interval.DAY), nov24, 63);
        String dflt = longNames.defaultPartition();

        assertThat(day.getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(63);
        assertThat(day).endsWith("_p2026_11_24_h63").matches("a_very_long_table_name_that_goes_on_an_[0-9a-f]{8}_p2026_11_24_h63");
        assertThat(dflt.substring(0, dflt.indexOf("_default"))).isEqualTo(day.substring(0, day.indexOf("_p2026")));
        assertThat(otherNames.defaultPartition()).isNotEqualTo(dflt);
    }

    @Test
    void multiByteTableNamesAreCutOnCharacterBoundaries() {
        PartitionNames umlauts = new PartitionNames("ü".repeat(40));

        String name = umlauts.range(bounds(Interval.MONTH), nov24);

        assertThat(name.getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(63);
        assertThat(name).startsWith("ü".repeat(19) + "_").endsWith("_p2026_11");
    }

    private static RangeBounds bounds(Interval interval) {
        return new RangeBounds(interval, ZoneOffset.UTC);
    }
}
