package io.workflowdb.operator.partition.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import io.workflowdb.operator.api.v1alpha1.PartitionPolicySpec.RangeSpec.Interval;

class RangeBoundsTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void monthInUtcAcrossTheYearEnd() {
        RangeBounds months = new RangeBounds(Interval.MONTH, ZoneOffset.UTC);
        Instant t = Instant.parse("2025-12-31T23:59:59Z");

        assertThat(months.floor(t)).isEqualTo(Instant.parse("2025-12-01T00:00:00Z"));
        assertThat(months.next(t)).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(months.floor(Instant.parse("2026-01-01T00:00:00Z"))).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void monthInBerlinStartsAtLocalMidnightSoItsInstantFollowsDst() {
        RangeBounds months = new RangeBounds(Interval.MONTH, BERLIN);

        // winter (UTC+1) then summer (UTC+2): March is 31 days minus the hour lost on the 30th
        Instant march = months.floor(Instant.parse("2025-03-15T12:00:00Z"));
        Instant april = months.next(march);
        assertThat(march).isEqualTo(Instant.parse("2025-02-28T23:00:00Z"));
        assertThat(april).isEqualTo(Instant.parse("2025-03-31T22:00:00Z"));
        assertThat(months.next(months.floor(Instant.parse("2025-10-15T00:00:00Z"))))
                .isEqualTo(Instant.parse("2025-10-31T23:00:00Z"));
    }

    @Test
    void berlinYearEndBelongsToTheNewYearOnceLocalMidnightPassed() {
        RangeBounds months = new RangeBounds(Interval.MONTH, BERLIN);

        // 23:30 UTC on Dec 31 is already 00:30 on Jan 1 in Berlin
        assertThat(months.floor(Instant.parse("2025-12-31T23:30:00Z"))).isEqualTo(Instant.parse("2025-12-31T23:00:00Z"));
        assertThat(months.floor(Instant.parse("2025-12-31T22:59:59Z"))).isEqualTo(Instant.parse("2025-11-30T23:00:00Z"));
    }

    @Test
    void dayAcrossTheDstChangeIsTwentyThreeOrTwentyFiveHours() {
        RangeBounds days = new RangeBounds(Interval.DAY, BERLIN);

        Instant springDay = days.floor(Instant.parse("2025-03-30T12:00:00Z"));
        assertThat(days.next(springDay).getEpochSecond() - springDay.getEpochSecond()).isEqualTo(23 * 3600);
        Instant autumnDay = days.floor(Instant.parse("2025-10-26T12:00:00Z"));
        assertThat(days.next(autumnDay).getEpochSecond() - autumnDay.getEpochSecond()).isEqualTo(25 * 3600);
    }

    @Test
    void isoWeeksStartOnMondayAcrossTheYearEnd() {
        RangeBounds weeks = new RangeBounds(Interval.WEEK, ZoneOffset.UTC);

        // Thursday 2026-01-01 lies in the week that started Monday 2025-12-29 (ISO 2026-W01)
        assertThat(weeks.floor(Instant.parse("2026-01-01T10:00:00Z"))).isEqualTo(Instant.parse("2025-12-29T00:00:00Z"));
        assertThat(weeks.next(Instant.parse("2026-01-01T10:00:00Z"))).isEqualTo(Instant.parse("2026-01-05T00:00:00Z"));
        assertThat(weeks.floor(Instant.parse("2025-12-28T23:59:59Z"))).isEqualTo(Instant.parse("2025-12-22T00:00:00Z"));
    }

    @Test
    void quarterAndYear() {
        RangeBounds quarters = new RangeBounds(Interval.QUARTER, ZoneOffset.UTC);
        RangeBounds years = new RangeBounds(Interval.YEAR, ZoneId.of("Asia/Kolkata"));

        assertThat(quarters.floor(Instant.parse("2026-11-24T00:00:00Z"))).isEqualTo(Instant.parse("2026-10-01T00:00:00Z"));
        assertThat(quarters.next(Instant.parse("2026-11-24T00:00:00Z"))).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
        assertThat(quarters.shift(Instant.parse("2026-02-01T00:00:00Z"), -1)).isEqualTo(Instant.parse("2025-10-01T00:00:00Z"));
        assertThat(years.floor(Instant.parse("2026-06-01T00:00:00Z"))).isEqualTo(Instant.parse("2025-12-31T18:30:00Z"));
    }

    @Test
    void recognisesExactlyOneInterval() {
        RangeBounds months = new RangeBounds(Interval.MONTH, ZoneOffset.UTC);

        assertThat(months.isInterval(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-02-01T00:00:00Z"))).isTrue();
        assertThat(months.isInterval(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-03-01T00:00:00Z"))).isFalse();
        assertThat(months.isInterval(Instant.parse("2026-01-02T00:00:00Z"), Instant.parse("2026-02-02T00:00:00Z"))).isFalse();
        assertThat(months.isInterval(null, Instant.parse("2026-02-01T00:00:00Z"))).isFalse();
    }
}
