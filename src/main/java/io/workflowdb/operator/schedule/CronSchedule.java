package io.workflowdb.operator.schedule;

import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

/**
 * A 5-field cron schedule with Kubernetes CronJob syntax (minute hour day-of-month month day-of-week,
 * names such as MON or JAN, and the macros {@code @hourly} ... {@code @yearly}).
 */
public final class CronSchedule {

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

    private CronSchedule(String expression, Cron cron) {
        this.expression = expression;
        this.executionTime = ExecutionTime.forCron(cron);
    }

    /** Parses an expression, or throws {@link IllegalArgumentException} with a message fit for a user. */
    public static CronSchedule parse(String expression) {
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
            return new CronSchedule(trimmed, PARSER.parse(effective).validate());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("\"" + expression + "\" is not a valid cron expression: " + e.getMessage());
        }
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
