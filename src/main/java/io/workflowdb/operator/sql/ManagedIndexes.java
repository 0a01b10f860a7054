package io.workflowdb.operator.sql;

import java.util.List;

/**
 * How the schema pass marks the indexes it owns, in one place below the capabilities that read it:
 * the schema pass writes the marker and builds under the temporary names, maintenance leaves such
 * indexes to it.
 */
public final class ManagedIndexes {

    /** Start of the COMMENT of every index the schema pass owns, whatever the marker's version. */
    public static final String MARKER_PREFIX = "workflowdb:";
    /** The marker's current version, followed by its fields. */
    public static final String MARKER_V1 = MARKER_PREFIX + "v1";
    /** A replacement index is built under {@code <name>_wfdb_new}, the one it replaces kept as {@code <name>_wfdb_old}. */
    public static final String TEMPORARY_SUFFIX = "_wfdb_new";
    public static final String RETIRED_SUFFIX = "_wfdb_old";

    private ManagedIndexes() {
    }

    /** Whether the schema pass owns an index: its comment carries the marker, or its name is one of the pass's build names. */
    public static boolean ownedBySchemaPass(String name, String comment) {
        return (comment != null && comment.startsWith(MARKER_PREFIX))
                || List.of(TEMPORARY_SUFFIX, RETIRED_SUFFIX).stream().anyMatch(name::contains);
    }
}
