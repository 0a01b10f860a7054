package io.workflowdb.operator.schema.migration;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.jboss.logging.Logger;

import io.workflowdb.operator.schema.migration.MigrationOutcome.Failure;

/**
 * Brings a database's schema up to date: the built-in workflow schema first (when asked for), then
 * the user's migrations, each kept in its own Flyway history in the schema {@code workflowdb}.
 *
 * <p>Nothing runs unless every name is valid and every applied migration still matches its script.
 * Each migration runs in its own transaction with a lock and a statement timeout; the first failure
 * rolls back and stops the run, migrations before it stay applied. Connection trouble is thrown,
 * so the caller retries; everything a user must fix comes back as the outcome's failure.
 */
public final class Migrations {

    private static final Logger LOG = Logger.getLogger(Migrations.class);

    private Migrations() {
    }

    /** Applies whatever is pending. */
    public static MigrationOutcome migrate(DataSource dataSource, boolean workflowSchema, List<MigrationScript> userScripts) {
        return run(dataSource, workflowSchema, userScripts, true);
    }

    /** Reports what {@link #migrate} would apply, and what would stop it, without changing anything. */
    public static MigrationOutcome plan(DataSource dataSource, boolean workflowSchema, List<MigrationScript> userScripts) {
        return run(dataSource, workflowSchema, userScripts, false);
    }

    private static MigrationOutcome run(DataSource dataSource, boolean workflowSchema, List<MigrationScript> userScripts,
            boolean apply) {
        Optional<Failure> invalidName = ScriptNames.firstInvalid(userScripts);
        // with a bad name among them the user scripts are not read at all; the history still tells the version
        List<MigrationHistory> histories = List.of(
                MigrationHistory.builtin(dataSource, workflowSchema ? BuiltinScripts.all() : List.of()),
                MigrationHistory.user(dataSource, invalidName.isPresent() ? List.of() : userScripts));
        List<MigrationHistory.State> before = histories.stream().map(MigrationHistory::inspect).toList();
        Failure failure = invalidName.or(() -> before.stream().map(MigrationHistory.State::problem)
                .filter(Objects::nonNull).findFirst()).orElse(null);
        if (!apply || failure != null) {
            return outcome(before, List.of(), failure);
        }
        List<String> applied = new ArrayList<>();
        List<MigrationHistory.State> after = new ArrayList<>(before);
        for (int i = 0; i < histories.size() && failure == null; i++) {
            if (before.get(i).pendingFiles().isEmpty()) {
                continue; // migrating would create an empty history table
            }
            failure = histories.get(i).migrate().orElse(null);
            after.set(i, histories.get(i).inspect());
            List<String> stillPending = after.get(i).pendingFiles();
            before.get(i).pendingFiles().stream().filter(f -> !stillPending.contains(f)).forEach(applied::add);
        }
        applied.forEach(file -> LOG.infof("applied migration %s", file));
        if (failure != null) {
            LOG.warnf("migration %s failed: %s", failure.file(), failure.message());
        }
        return outcome(after, applied, failure);
    }

    private static MigrationOutcome outcome(List<MigrationHistory.State> states, List<String> applied, Failure failure) {
        List<String> pending = states.stream().flatMap(s -> s.pendingFiles().stream()).toList();
        return new MigrationOutcome(version(states.get(0).version(), states.get(1).version()), pending, applied, failure);
    }

    /** {@code "builtin 1 / 3"}, {@code "builtin 1"}, {@code "3"}, or null when nothing is applied. */
    static String version(String builtin, String user) {
        List<String> parts = Stream.of(builtin == null ? null : "builtin " + builtin, user)
                .filter(Objects::nonNull).toList();
        return parts.isEmpty() ? null : String.join(" / ", parts);
    }
}
