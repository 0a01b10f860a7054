package io.workflowdb.operator.schema.migration;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.internal.exception.FlywayMigrateException;

import io.workflowdb.operator.schema.migration.MigrationOutcome.Failure;
import io.workflowdb.operator.schema.migration.MigrationOutcome.Kind;

/**
 * One Flyway history in the operator's schema {@value #SCHEMA}: the built-in workflow schema in
 * {@code builtin_schema_history}, user migrations in {@code schema_history}. Kept apart, a later
 * built-in version can never collide with a user's, and either can start after the other.
 *
 * <p>Both histories share the schema, so whichever comes second finds it non-empty; Flyway then
 * insists on a baseline, which sits at version 0 below every migration. Tables outside
 * {@value #SCHEMA} are none of Flyway's business: a database with tables of its own accepts
 * migrations without a baseline of them.
 */
final class MigrationHistory {

    static final String SCHEMA = "workflowdb";
    static final String BASELINE_VERSION = "0";

    private final Flyway flyway;
    private final String filePrefix;
    private final Map<MigrationVersion, String> filesByVersion;

    private MigrationHistory(DataSource dataSource, String table, String searchPath, String filePrefix,
            List<MigrationScript> scripts) {
        this.filePrefix = filePrefix;
        this.filesByVersion = scripts.stream()
                .collect(Collectors.toMap(s -> ScriptNames.version(s.file()).orElseThrow(), MigrationScript::file));
        this.flyway = Flyway.configure(MigrationHistory.class.getClassLoader())
                // a session-level advisory lock: with Flyway's default, a transaction stays open
                // beside each migration, and CREATE INDEX CONCURRENTLY waits for it forever
                .configuration(Map.of("flyway.postgresql.transactional.lock", "false"))
                .dataSource(dataSource)
                .schemas(SCHEMA)
                .createSchemas(true)
                .table(table)
                .baselineOnMigrate(true)
                .baselineVersion(BASELINE_VERSION)
                .cleanDisabled(true)
                .resourceProvider(new ScriptResourceProvider(scripts))
                .javaMigrationClassProvider(List::of)
                // scripts run as written: ${...} in a user's SQL is not a Flyway placeholder
                .placeholderReplacement(false)
                // a migration dropped from its ConfigMap after it ran stays applied, and is no error
                .ignoreMigrationPatterns("*:missing", "*:future")
                .callbacks(new MigrationSession(searchPath))
                .load();
    }

    /** The built-in workflow schema; its tables land in {@code public}. */
    static MigrationHistory builtin(DataSource dataSource, List<MigrationScript> scripts) {
        return new MigrationHistory(dataSource, "builtin_schema_history", "public", "builtin/", scripts);
    }

    /** User migrations; they run with the search_path the role and database define, as in psql. */
    static MigrationHistory user(DataSource dataSource, List<MigrationScript> scripts) {
        return new MigrationHistory(dataSource, "schema_history", "DEFAULT", "", scripts);
    }

    /** What this history holds and what its scripts would add; reads only. */
    State inspect() {
        MigrationVersion version = null;
        List<String> pending = new ArrayList<>();
        Failure problem = null;
        for (MigrationInfo m : flyway.info().all()) {
            if (!m.isVersioned() || m.getType().isSynthetic()) {
                continue;
            }
            MigrationState state = m.getState();
            if (state == MigrationState.PENDING) {
                pending.add(fileOf(m));
            } else if (problem == null) {
                problem = problemOf(m).orElse(null);
            }
            if (state.isApplied() && !state.isFailed() && (version == null || m.getVersion().isNewerThan(version))) {
                version = m.getVersion();
            }
        }
        return new State(version == null ? null : version.getVersion(), pending, problem);
    }

    /** Applies the pending scripts in version order, each in its own transaction. */
    Optional<Failure> migrate() {
        try {
            flyway.migrate();
            return Optional.empty();
        } catch (FlywayMigrateException e) {
            String file = e.getMigration() == null ? null : fileOf(e.getMigration());
            return Optional.of(new Failure(Kind.FAILED, file, MigrationErrors.describe(e)));
        }
    }

    private Optional<Failure> problemOf(MigrationInfo m) {
        MigrationState state = m.getState();
        String file = fileOf(m);
        if (state == MigrationState.IGNORED) {
            return Optional.of(new Failure(Kind.INVALID_NAME, file, file + " has version " + m.getVersion()
                    + ", below a version already applied; give it a version above the newest applied one"));
        }
        if (state.isFailed()) {
            return Optional.of(new Failure(Kind.FAILED, file, file + " failed in an earlier run outside a transaction and may"
                    + " be partly applied; repair the database, then delete its row from " + SCHEMA + "."
                    + flyway.getConfiguration().getTable()));
        }
        if (!state.isResolved()) {
            return Optional.empty();
        }
        String current = filePrefix + filesByVersion.get(m.getVersion());
        if (!file.equals(current)) {
            return Optional.of(new Failure(Kind.CHECKSUM_MISMATCH, current, current + " has version "
                    + m.getVersion() + ", which was applied as " + file + "; applied migrations keep their names"));
        }
        if (!m.isChecksumMatching()) {
            return Optional.of(new Failure(Kind.CHECKSUM_MISMATCH, file, file + " changed after it was applied (checksum "
                    + m.getAppliedChecksum() + " then, " + m.getResolvedChecksum()
                    + " now); restore it and put the change in a new migration"));
        }
        return Optional.empty();
    }

    private String fileOf(MigrationInfo m) {
        return filePrefix + m.getScript();
    }

    /**
     * @param version newest applied version, null when none
     * @param problem the first applied migration that no longer matches its script, or a script
     *                that can no longer run; null when none
     */
    record State(String version, List<String> pendingFiles, Failure problem) {
    }
}
