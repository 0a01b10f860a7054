package io.workflowdb.operator.schema.index;

import java.util.List;

/** What the planner decided for one index. Actions are independent: one failing stops only itself. */
sealed interface IndexAction {

    /** The index as declared (or, for a removal, as found). */
    String index();

    enum Reason {
        /** Missing, never built or dropped by hand. */
        CREATE,
        /** Owned but INVALID: a failed build or a broken index serves no query. */
        REPAIR_INVALID,
        /** The declared definition no longer matches the one the index was built from. */
        REBUILD_CHANGED,
        /** A rolling window's rebuild schedule fired since the last build. */
        REBUILD_WINDOW,
        /** Up to date, but an interrupted build left an index under the temporary name. */
        DROP_LEFTOVER,
        /** Owned, and no longer declared. */
        DROP_REMOVED
    }

    /** Steps to run in order; the first failure ends the action. */
    record Run(String index, Reason reason, List<IndexStep> steps) implements IndexAction {

        public Run {
            steps = List.copyOf(steps);
        }
    }

    /** Nothing may be done for this index; the message says why. */
    record Refuse(String index, String message) implements IndexAction {
    }
}
