package io.workflowdb.operator.schema.migration;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.flywaydb.core.api.MigrationVersion;

import io.workflowdb.operator.schema.migration.MigrationOutcome.Failure;
import io.workflowdb.operator.schema.migration.MigrationOutcome.Kind;

/**
 * Checks user migration names before Flyway sees them, so that a misnamed ConfigMap entry is
 * reported by name instead of being skipped silently.
 */
final class ScriptNames {

    /** Version parts separated by dots or underscores, as Flyway reads them; a ConfigMap key's characters. */
    private static final Pattern VERSIONED = Pattern.compile("V(\\d+(?:[._]\\d+)*)__[A-Za-z0-9][A-Za-z0-9._-]*\\.sql");

    /** Both histories start from a baseline at version 0 (see {@link MigrationHistory}). */
    private static final MigrationVersion BASELINE = MigrationVersion.fromVersion(MigrationHistory.BASELINE_VERSION);

    private ScriptNames() {
    }

    /** The first script whose name is malformed, reserved or repeats another's version. */
    static Optional<Failure> firstInvalid(List<MigrationScript> scripts) {
        Map<MigrationVersion, String> seen = new TreeMap<>();
        for (MigrationScript script : scripts) {
            Optional<MigrationVersion> parsed = version(script.file());
            if (parsed.isEmpty()) {
                return invalid(script, "is not a migration name: expected V<version>__<description>.sql, such as V2__add_reviews.sql");
            }
            MigrationVersion version = parsed.get();
            if (version.equals(BASELINE)) {
                return invalid(script, "uses version " + version + ", which is reserved; versions start above 0");
            }
            String other = seen.putIfAbsent(version, script.file());
            if (other != null) {
                return invalid(script, "uses version " + version + ", as does " + other);
            }
        }
        return Optional.empty();
    }

    /** The version a well-formed name carries. */
    static Optional<MigrationVersion> version(String file) {
        Matcher m = VERSIONED.matcher(file);
        return m.matches() ? Optional.of(MigrationVersion.fromVersion(m.group(1).replace('_', '.'))) : Optional.empty();
    }

    private static Optional<Failure> invalid(MigrationScript script, String problem) {
        return Optional.of(new Failure(Kind.INVALID_NAME, script.file(), script.file() + " " + problem));
    }
}
