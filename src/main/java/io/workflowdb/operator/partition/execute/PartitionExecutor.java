package io.workflowdb.operator.partition.execute;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.workflowdb.operator.partition.model.PartitionAction;
import io.workflowdb.operator.partition.model.PartitionAction.ConvertEmptyTable;
import io.workflowdb.operator.partition.model.PartitionAction.CreateDefaultPartition;
import io.workflowdb.operator.partition.model.PartitionAction.CreateHashPartition;
import io.workflowdb.operator.partition.model.PartitionAction.CreateParentFromTemplate;
import io.workflowdb.operator.partition.model.PartitionAction.CreateRangePartition;
import io.workflowdb.operator.partition.model.PartitionAction.DetachPartition;
import io.workflowdb.operator.partition.model.PartitionAction.DropPartition;
import io.workflowdb.operator.partition.model.PartitionAction.FinalizeDetach;
import io.workflowdb.operator.sql.AdvisoryLock;
import io.workflowdb.operator.sql.Identifiers;
import io.workflowdb.operator.sql.SqlStates;
import io.workflowdb.operator.sql.SessionSettings;

/**
 * Runs the planner's partition actions on one table, in order, each in its own transaction (a
 * concurrent detach and its finalize in none, as PostgreSQL demands). A failed creation stops the
 * run: committed steps stay, later ones wait for the next run. A failed detach or drop of an old
 * partition stops nothing: premaking the next months never waits on retention.
 *
 * <p>A session advisory lock per table keeps two runs apart. A short {@code lock_timeout} makes a
 * step that would queue behind a long transaction fail fast instead: a queued ACCESS EXCLUSIVE
 * request blocks every later reader of the table. Locks the steps take on the parent:
 * <ul>
 * <li>CREATE TABLE ... PARTITION OF, plain DETACH and DROP: ACCESS EXCLUSIVE;</li>
 * <li>ATTACH PARTITION: SHARE UPDATE EXCLUSIVE on the parent, ACCESS EXCLUSIVE on the table
 * attached and on the default partition, which it scans to prove no row of the range is left;</li>
 * <li>DETACH ... CONCURRENTLY and FINALIZE: SHARE UPDATE EXCLUSIVE, then waiting out older
 * transactions.</li>
 * </ul>
 */
public final class PartitionExecutor {

    static final String LOCK_HELD = "another run holds the lock";

    private PartitionExecutor() {
    }

    /**
     * @param autocommit a connection in autocommit mode; it is returned in that mode
     * @param keyColumn the range key, used to find rows of a new range in the default partition
     */
    public static ExecutionReport run(Connection autocommit, String qualifiedTable, String keyColumn,
            List<PartitionAction> actions, Duration lockTimeout) throws SQLException {
        Optional<AdvisoryLock> lock = AdvisoryLock.tryAcquire(autocommit, "partition:" + lockName(autocommit, qualifiedTable));
        if (lock.isEmpty()) {
            return new ExecutionReport(0, 0, 0, 0, List.of(), LOCK_HELD);
        }
        try (AdvisoryLock held = lock.get()) {
            try (SessionSettings limits = SessionSettings.apply(autocommit,
                    java.util.Map.of("lock_timeout", lockTimeout.toMillis() + "ms"))) {
                Run run = new Run(autocommit, qualifiedTable, keyColumn, false);
                for (PartitionAction action : actions) {
                    if (!run.step(action)) {
                        break;
                    }
                }
                return run.report();
            }
        }
    }

    /**
     * The statements {@link #run} would send for these actions, from the same code, sending none
     * that changes anything (the reads that choose between statements still run). Steps after one
     * that creates the table are written for the table it would create.
     */
    public static List<String> plan(Connection c, String qualifiedTable, String keyColumn, List<PartitionAction> actions)
            throws SQLException {
        Run run = new Run(c, qualifiedTable, keyColumn, true);
        for (PartitionAction action : actions) {
            if (!run.step(action)) {
                break;
            }
        }
        ExecutionReport report = run.report();
        List<String> statements = new ArrayList<>(report.executed());
        if (report.failure() != null) {
            statements.add("-- stops here: " + report.failure());
        }
        return statements;
    }

    /**
     * The table as {@code schema.name} once resolved, so that {@code tasks} and {@code public.tasks}
     * take the same lock; the given name when the table does not exist.
     */
    private static String lockName(Connection c, String qualifiedTable) throws SQLException {
        return ParentTable.find(c, qualifiedTable).map(t -> t.schema() + "." + t.name()).orElse(qualifiedTable);
    }


    /** The state of one run: counters, the committed statements, the failure. */
    private static final class Run {

        private final Connection connection;
        private final String table;
        private final String keyColumn;
        private final List<String> executed = new ArrayList<>();
        private int created;
        private int detached;
        private int dropped;
        private long movedRows;
        private String failure;

        private final boolean dryRun;

        Run(Connection connection, String table, String keyColumn, boolean dryRun) {
            this.connection = connection;
            this.table = table;
            this.keyColumn = keyColumn;
            this.dryRun = dryRun;
        }

        /** Runs one action; false when it failed and the run must stop (a retention step's failure does not). */
        boolean step(PartitionAction action) {
            try {
                Step step = new Step(connection, dryRun);
                if (action instanceof CreateParentFromTemplate a) {
                    // the one step before the table exists
                    TemplateCreation.run(step, table, keyColumn, a);
                } else {
                    perform(step, parent(), action);
                }
                executed.addAll(step.executed());
                return true;
            } catch (SQLException | IllegalArgumentException e) {
                String message = action.getClass().getSimpleName() + " " + action.partition() + ": " + e.getMessage();
                failure = failure == null ? message : failure + "; " + message;
                boolean connectionLost = e instanceof SQLException sql && SqlStates.connectionLost(sql);
                return !connectionLost && (action instanceof FinalizeDetach || action instanceof DetachPartition
                        || action instanceof DropPartition);
            }
        }

        private void perform(Step step, ParentTable parent, PartitionAction action) throws SQLException {
            if (action instanceof CreateRangePartition a) {
                movedRows += RangePartitionStep.create(step, parent, keyColumn, a);
                created++;
            } else if (action instanceof CreateHashPartition a) {
                step.inTransaction(List.of(PartitionSql.partitionOf(parent, a.partition(),
                        PartitionSql.hashBound(a.modulus(), a.remainder()))));
                created++;
            } else if (action instanceof CreateDefaultPartition a) {
                step.inTransaction(List.of(PartitionSql.partitionOf(parent, a.partition(), "DEFAULT")));
                created++;
            } else if (action instanceof DetachPartition a) {
                detach(step, parent, a.partition());
                detached++;
            } else if (action instanceof FinalizeDetach a) {
                step.autocommit(PartitionSql.detach(parent, a.partition(), "FINALIZE"));
                detached++;
            } else if (action instanceof DropPartition a) {
                step.inTransaction(List.of(PartitionSql.drop(parent, a.partition())));
                dropped++;
            } else if (action instanceof ConvertEmptyTable a) {
                EmptyTableConversion.run(step, parent, keyColumn, a);
            }
        }

        /**
         * {@code DETACH ... CONCURRENTLY} does not block readers and writers of the parent, but
         * PostgreSQL refuses it while the parent has a default partition. Then the plain DETACH runs
         * instead, in a transaction: it needs ACCESS EXCLUSIVE on the parent, which the short
         * lock_timeout keeps from queueing in front of other sessions.
         */
        private static void detach(Step step, ParentTable parent, String partition) throws SQLException {
            if (parent.hasDefault()) {
                step.inTransaction(List.of(PartitionSql.detach(parent, partition, "")));
            } else {
                step.autocommit(PartitionSql.detach(parent, partition, "CONCURRENTLY"));
            }
        }

        /** In a dry run a table the plan would create first does not exist yet: name it as it will be. */
        private ParentTable parent() throws SQLException {
            if (!dryRun) {
                return ParentTable.locate(connection, table);
            }
            Optional<ParentTable> found = ParentTable.find(connection, table);
            if (found.isPresent()) {
                return found.get();
            }
            Identifiers.QualifiedName name = Identifiers.QualifiedName.parse(table);
            return new ParentTable(name.schema() == null ? "public" : name.schema(), name.name(), null);
        }

        ExecutionReport report() {
            return new ExecutionReport(created, detached, dropped, movedRows, executed, failure);
        }
    }
}
