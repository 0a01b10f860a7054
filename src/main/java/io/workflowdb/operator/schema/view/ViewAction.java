package io.workflowdb.operator.schema.view;

import java.util.List;

/** One thing the planner decided to do about one view. {@link ViewSql} turns it into statements. */
sealed interface ViewAction {

    /** The view's name as declared (for undeclared views, the qualified name found in the catalog). */
    String view();

    /** Whether success leaves the view holding fresh data, so it counts as a refresh in status. */
    boolean refreshes();

    /** {@code CREATE MATERIALIZED VIEW ... WITH DATA} with its unique index and marker. */
    record Create(ViewNames names, String query, List<String> uniqueKey, String marker) implements ViewAction {
        public String view() {
            return names.declared();
        }

        public boolean refreshes() {
            return true;
        }
    }

    /** {@code REFRESH MATERIALIZED VIEW}, concurrently or not. */
    record Refresh(ViewNames names, boolean concurrently) implements ViewAction {
        public String view() {
            return names.declared();
        }

        public boolean refreshes() {
            return true;
        }
    }

    /** Puts back the unique index of a managed view someone dropped it from. */
    record AddUniqueIndex(ViewNames names, List<String> uniqueKey) implements ViewAction {
        public String view() {
            return names.declared();
        }

        public boolean refreshes() {
            return false;
        }
    }

    /**
     * A changed definition: build it under the temporary name, then swap it in.
     *
     * @param leftover what to do with a temporary view a failed earlier swap left behind
     */
    record Rebuild(ViewNames names, String query, List<String> uniqueKey, String marker, Leftover leftover)
            implements ViewAction {
        public String view() {
            return names.declared();
        }

        public boolean refreshes() {
            return true;
        }
    }

    /** What a rebuild does with an existing temporary view of the operator's. */
    enum Leftover {
        /** There is none: build. */
        NONE,
        /** It holds another definition or is incomplete: drop it, then build. */
        DISCARD,
        /** It already holds the wanted definition, populated and indexed: swap it in without building again. */
        REUSE
    }

    /** Drops a view the operator created that no spec declares any more. */
    record DropUndeclared(String schema, String name) implements ViewAction {
        public String view() {
            return schema + "." + name;
        }

        public boolean refreshes() {
            return false;
        }
    }

    /** Does nothing but report why the view cannot be handled. */
    record Refuse(String view, String reason) implements ViewAction {
        public boolean refreshes() {
            return false;
        }
    }
}
