package io.workflowdb.operator.schema.migration;

import java.util.List;

/**
 * What a migration run or plan found and did.
 *
 * @param version      the newest applied migration of each history, built-ins first:
 *                     {@code "builtin 1 / 3"}, {@code "builtin 1"} or {@code "3"}; null when the
 *                     database has no applied migration
 * @param pendingFiles migrations not applied yet, in the order they would run; built-in files
 *                     carry the prefix {@code builtin/}
 * @param applied      migrations applied by this run, in order; always empty for a plan
 * @param failure      why the run stopped; null when nothing went wrong
 */
public record MigrationOutcome(String version, List<String> pendingFiles, List<String> applied, Failure failure) {

    public MigrationOutcome {
        pendingFiles = List.copyOf(pendingFiles);
        applied = List.copyOf(applied);
    }

    /** How many migrations are still to run. */
    public int pending() {
        return pendingFiles.size();
    }

    /**
     * @param file    the migration at fault, as named in {@link MigrationOutcome#pendingFiles()}
     * @param message PostgreSQL's or the operator's explanation, free of credentials
     */
    public record Failure(Kind kind, String file, String message) {
    }

    public enum Kind {
        /** The migration's SQL failed; its transaction rolled back and later migrations did not run. */
        FAILED,
        /** An applied migration's text or name changed; nothing ran. */
        CHECKSUM_MISMATCH,
        /** A file name is not {@code V<version>__<description>.sql}, repeats a version, or comes
         *  after a newer applied version; nothing ran. */
        INVALID_NAME
    }
}
