package io.workflowdb.operator.schema.index;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import io.workflowdb.operator.api.v1alpha1.IndexSpec;
import io.workflowdb.operator.schema.index.IndexAction.Run;
import io.workflowdb.operator.schema.index.IndexSnapshot.ObservedIndex;
import io.workflowdb.operator.sql.Identifiers.QualifiedName;

/**
 * Declared indexes, kept in step with the database. {@code specs} is the whole declaration: an
 * index the operator built earlier (it carries the ownership marker) that is no longer declared is
 * dropped. Indexes without the marker are never dropped, rebuilt or renamed.
 */
public final class Indexes {

    private Indexes() {
    }

    /**
     * Reads the catalog, plans, runs the plan and counts the result from a second read. One index
     * failing (PostgreSQL refusing an expression, a lock timeout) is reported and the others go on.
     *
     * @param autocommitConnection a connection in autocommit mode: concurrent index builds and drops
     *                             cannot run inside a transaction block
     * @throws SQLException when the catalog cannot be read or the connection is lost
     */
    public static IndexReport reconcile(Connection autocommitConnection, List<IndexSpec> specs, Clock clock)
            throws SQLException {
        return reconcile(autocommitConnection, specs, Map.of(), clock);
    }

    /**
     * As {@link #reconcile(Connection, List, Clock)}, leaving alone the declared indexes in
     * {@code held} (waiting to be tried again after a failure): nothing is built or dropped for
     * them, and they are counted as failed with the message given.
     */
    public static IndexReport reconcile(Connection autocommitConnection, List<IndexSpec> specs, Map<String, String> held,
            Clock clock) throws SQLException {
        if (!autocommitConnection.getAutoCommit()) {
            throw new IllegalArgumentException("index DDL needs an autocommit connection: CREATE INDEX CONCURRENTLY cannot run in a transaction");
        }
        List<IndexAction> actions = IndexPlanner.plan(specs, IndexCatalog.read(autocommitConnection, tables(specs)), clock.instant())
                .stream().filter(action -> !isHeld(action, held)).toList();
        IndexExecutor.Outcome outcome = IndexExecutor.execute(autocommitConnection, actions);
        List<IndexFailure> failures = new ArrayList<>(outcome.failures());
        held.forEach((index, message) -> failures.add(new IndexFailure(index, message)));
        return count(specs, IndexCatalog.read(autocommitConnection, tables(specs)),
                new IndexExecutor.Outcome(outcome.executed(), failures));
    }

    /** The exact statements {@link #reconcile} would run now, transactions between BEGIN and COMMIT; runs none. */
    public static List<String> plan(Connection connection, List<IndexSpec> specs, Clock clock) throws SQLException {
        return IndexPlanner.plan(specs, IndexCatalog.read(connection, tables(specs)), clock.instant()).stream()
                .filter(Run.class::isInstance)
                .flatMap(action -> ((Run) action).steps().stream())
                .flatMap(step -> step.script().stream())
                .toList();
    }

    /** A held index gets no action; removals of undeclared indexes go ahead whatever is held. */
    private static boolean isHeld(IndexAction action, Map<String, String> held) {
        return held.containsKey(action.index())
                && !(action instanceof Run run && run.reason() == IndexAction.Reason.DROP_REMOVED);
    }

    private static List<String> tables(List<IndexSpec> specs) {
        return specs.stream().map(spec -> spec.table).filter(Objects::nonNull).distinct().toList();
    }

    private static IndexReport count(List<IndexSpec> specs, IndexSnapshot after, IndexExecutor.Outcome outcome) {
        Set<String> failed = outcome.failures().stream().map(IndexFailure::index).collect(Collectors.toSet());
        int ready = 0;
        int building = 0;
        for (IndexSpec spec : specs) {
            if (failed.contains(spec.name)) {
                continue;
            }
            boolean valid = after.table(spec.table)
                    .flatMap(table -> after.index(new QualifiedName(table.name().schema(), spec.name)))
                    .filter(ObservedIndex::owned)
                    .map(ObservedIndex::valid)
                    .orElse(false);
            if (valid) {
                ready++;
            } else {
                building++;
            }
        }
        return new IndexReport(ready, building, outcome.failures().size(), outcome.failures(), outcome.executed());
    }
}
