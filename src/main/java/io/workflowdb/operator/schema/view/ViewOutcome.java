package io.workflowdb.operator.schema.view;

import java.time.Instant;

/**
 * What happened to one view in one run: refreshed (finish time and duration) or failed (PostgreSQL's
 * message, or why the planner refused it). A view that needed nothing has no outcome.
 */
record ViewOutcome(Instant refreshedAt, Long refreshMillis, String error) {

    static ViewOutcome refreshed(Instant at, long millis) {
        return new ViewOutcome(at, millis, null);
    }

    static ViewOutcome failed(String error) {
        return new ViewOutcome(null, null, error);
    }

    boolean isFailure() {
        return error != null;
    }
}
