package io.workflowdb.operator.maintenance.plan;

import java.time.Duration;

/**
 * One step of a maintenance run, run on its own in autocommit.
 *
 * @param name        how status, Events and the CLI name it: {@code vacuum tasks}, {@code reindex public.idx}
 * @param sql         the one statement, or null for an action that only reports (nothing to repair)
 * @param lockTimeout how long the statement may wait for a lock, or null for as long as its timeout allows
 * @param note        what the outcome should mention besides success (a fallback taken, nothing found), or null
 */
public record MaintenanceAction(Kind kind, String name, String sql, Duration lockTimeout, String note) {

    public enum Kind {
        ANALYZE,
        VACUUM,
        REFRESH,
        REINDEX,
        /** Drops what a failed REINDEX CONCURRENTLY left behind. */
        DROP_LEFTOVER,
        /** Nothing to run; the note says why. */
        NOTHING
    }
}
