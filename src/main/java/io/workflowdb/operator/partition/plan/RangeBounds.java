package io.workflowdb.operator.partition.plan;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.Objects;

import io.workflowdb.operator.api.v1alpha1.PartitionPolicySpec.RangeSpec.Interval;

/**
 * Boundaries of range partitions: each interval starts at local midnight, in the policy's time zone,
 * of its first day (ISO weeks start on Monday). Working on local dates and converting only at the
 * end keeps boundaries right across DST changes and year ends; a day whose midnight does not exist
 * starts at its first valid instant.
 */
public final class RangeBounds {

    private final Interval interval;
    private final ZoneId zone;

    public RangeBounds(Interval interval, ZoneId zone) {
        this.interval = Objects.requireNonNull(interval, "interval");
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    public Interval interval() {
        return interval;
    }

    public ZoneId zone() {
        return zone;
    }

    /** Start of the interval that contains {@code t}. */
    public Instant floor(Instant t) {
        return toInstant(floorDate(t));
    }

    /** Start of the interval after the one that contains {@code t}. */
    public Instant next(Instant t) {
        return shift(t, 1);
    }

    /** Start of the interval {@code n} intervals after (negative: before) the one containing {@code t}. */
    public Instant shift(Instant t, long n) {
        return toInstant(plus(floorDate(t), n));
    }

    /** Whether {@code t} is the start of an interval. */
    public boolean isBoundary(Instant t) {
        return floor(t).equals(t);
    }

    /** Whether {@code [from, to)} is exactly one interval. */
    public boolean isInterval(Instant from, Instant to) {
        return from != null && to != null && isBoundary(from) && next(from).equals(to);
    }

    /** The local date on which the interval containing {@code t} starts. */
    public LocalDate floorDate(Instant t) {
        LocalDate day = t.atZone(zone).toLocalDate();
        return switch (interval) {
            case DAY -> day;
            case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> day.withDayOfMonth(1);
            case QUARTER -> LocalDate.of(day.getYear(), (day.getMonthValue() - 1) / 3 * 3 + 1, 1);
            case YEAR -> day.withDayOfYear(1);
        };
    }

    private LocalDate plus(LocalDate start, long n) {
        return switch (interval) {
            case DAY -> start.plusDays(n);
            case WEEK -> start.plusWeeks(n);
            case MONTH -> start.plusMonths(n);
            case QUARTER -> start.plusMonths(3 * n);
            case YEAR -> start.plusYears(n);
        };
    }

    private Instant toInstant(LocalDate day) {
        return day.atStartOfDay(zone).toInstant();
    }

    @Override
    public String toString() {
        return interval.name().toLowerCase() + " in " + zone;
    }
}
