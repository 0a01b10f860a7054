package io.workflowdb.operator.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

/**
 * The one schedule type of the operator: a 5-field cron expression with Kubernetes CronJob syntax
 * (minute hour day-of-month month day-of-week, names such as MON or JAN, and the macros
 * {@code @hourly} ... {@code @yearly}), evaluated in UTC, optionally with a window length. A run is
 * due when the schedule fired after the last run started; a window is open from each fire for its
 * length (a schedule without one is always open). Policy runs, refreshes and index rebuilds use it,
 * and so does every later kind of scheduled work.
 */
public final class Schedule {

    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private static final Map<String, String> MACROS = Map.of(
            "@yearly", "0 0 1 1 *",
            "@annually", "0 0 1 1 *",
            "@monthly", "0 0 1 * *",
            "@weekly", "0 0 * * 0",
            "@daily", "0 0 * * *",
            "@midnight", "0 0 * * *",
            "@hourly", "0 * * * *");

    private final String expression;
    private final ExecutionTime executionTime;
    private final Duration window;

    private Schedule(String expression, ExecutionTime executionTime, Duration window) {
        this.expression = expression;
        this.executionTime = executionTime;
        this.window = window;
    }

    /** Parses an expression, or throws {@link IllegalArgumentException} with a message fit for a user. */
    public static Schedule parse(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new IllegalArgumentException("a cron expression is required");
        }
        String trimmed = expression.trim();
        String effective = MACROS.getOrDefault(trimmed.toLowerCase(Locale.ROOT), trimmed);
        int fields = effective.split("\\s+").length;
        if (fields != 5) {
            throw new IllegalArgumentException("\"" + expression + "\" has " + fields
                    + " fields; expected 5 (minute hour day-of-month month day-of-week) or a macro such as @daily");
        }
        try {
            return new Schedule(trimmed, ExecutionTime.forCron(PARSER.parse(effective).validate()), null);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("\"" + expression + "\" is not a valid cron expression: " + e.getMessage());
        }
    }

    /**
     * A window that opens at every fire of {@code expression} and stays open for {@code length}.
     *
     * @throws IllegalArgumentException for a bad expression or a length that is not positive
     */
    public static Schedule window(String expression, Duration length) {
        if (length == null || length.isZero() || length.isNegative()) {
            throw new IllegalArgumentException("a window's length must be positive");
        }
        Schedule schedule = parse(expression);
        return new Schedule(schedule.expression, schedule.executionTime, length);
    }

    /**
     * Due when there was no run yet, or the schedule fired after the last run started: missed fires
     * are caught up by one run.
     *
     * @param lastStart start of the last run, null when there was none
     */
    public boolean isDue(Instant lastStart, Instant now) {
        if (lastStart == null) {
            return true;
        }
        Optional<Instant> lastFire = lastFire(now);
        return lastFire.isPresent() && lastFire.get().isAfter(lastStart);
    }

    /** The next fire strictly after {@code now}. */
    public Optional<Instant> next(Instant now) {
        return nextAfter(now.atZone(ZoneOffset.UTC)).map(ZonedDateTime::toInstant);
    }

    /** The latest fire at or before {@code now}. */
    public Optional<Instant> lastFire(Instant now) {
        return lastAtOrBefore(now.atZone(ZoneOffset.UTC)).map(ZonedDateTime::toInstant);
    }

    /** Whether {@code now} is inside a window: always for a schedule without a length. */
    public boolean isOpen(Instant now) {
        return windowEnd(now).isPresent();
    }

    /** When the window open at {@code now} closes; empty when none is open. A schedule without a length never closes. */
    public Optional<Instant> windowEnd(Instant now) {
        if (window == null) {
            return Optional.of(Instant.MAX);
        }
        return lastFire(now).map(fire -> fire.plus(window)).filter(end -> end.isAfter(now));
    }

    /** The first execution strictly after {@code after}. */
    public Optional<ZonedDateTime> nextAfter(ZonedDateTime after) {
        return executionTime.nextExecution(after);
    }

    /** The latest execution at or before {@code at}. */
    public Optional<ZonedDateTime> lastAtOrBefore(ZonedDateTime at) {
        if (at.getSecond() == 0 && at.getNano() == 0 && executionTime.isMatch(at)) {
            return Optional.of(at);
        }
        return executionTime.lastExecution(at);
    }

    public String expression() {
        return expression;
    }

    @Override
    public String toString() {
        return expression;
    }
}
