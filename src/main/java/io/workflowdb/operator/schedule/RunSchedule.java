package io.workflowdb.operator.schedule;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Whether a scheduled run is due, decided from the start of the last run recorded in status and the
 * cron schedule (UTC), so that an operator restart neither skips nor repeats a run.
 */
public final class RunSchedule {

    private RunSchedule() {
    }

    /**
     * Due when there was no run yet, or the schedule fired after the last run started.
     *
     * @param lastStart start of the last run, null when there was none
     */
    public static boolean isDue(CronSchedule schedule, Instant lastStart, Instant now) {
        if (lastStart == null) {
            return true;
        }
        Optional<Instant> lastFire = schedule.lastAtOrBefore(now.atZone(ZoneOffset.UTC)).map(z -> z.toInstant());
        return lastFire.isPresent() && lastFire.get().isAfter(lastStart);
    }

    /** The next fire strictly after {@code now}. */
    public static Optional<Instant> next(CronSchedule schedule, Instant now) {
        return schedule.nextAfter(now.atZone(ZoneOffset.UTC)).map(z -> z.toInstant());
    }
}
