package io.workflowdb.operator.partition.execute;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.workflowdb.operator.partition.model.PartitionAction;
import io.workflowdb.operator.partition.model.PartitionAction.ConvertEmptyTable;
import io.workflowdb.operator.partition.model.PartitionAction.CreateDefaultPartition;
import io.workflowdb.operator.partition.model.PartitionAction.CreateHashPartition;
import io.workflowdb.operator.partition.model.PartitionAction.CreateParentFromTemplate;
import io.workflowdb.operator.partition.model.PartitionAction.BackfillRangePartition;
import io.workflowdb.operator.partition.model.PartitionAction.CreateRangePartition;
import io.workflowdb.operator.partition.model.PartitionAction.DetachPartition;
import io.workflowdb.operator.partition.model.PartitionAction.DropPartition;
import io.workflowdb.operator.partition.model.PartitionAction.FinalizeDetach;
import io.workflowdb.operator.sql.AdvisoryLock;
import io.workflowdb.operator.sql.BoundedLocks;
import io.workflowdb.operator.sql.Identifiers;
import io.workflowdb.operator.sql.SqlStates;
import io.workflowdb.operator.sql.SessionSettings;

/**
 * Runs the planner's partition actions on one table, in order, each in its own transaction (a
 * concurrent detach and its finalize in none, as PostgreSQL demands). A failed creation stops the
 * run: committed steps stay, later ones wait for the next run. A failed detach or drop of an old
 * partition stops nothing: premaking the next months never waits on retention.
 *
 * <p>A session advisory lock per table keeps two runs apart. No statement waits longer than a short
 * lock_timeout ({@link BoundedLocks#LOCK_TIMEOUT}, 200 ms) for a lock: a waiting request blocks every
 * later conflicting one, and for ACCESS EXCLUSIVE that is every reader and writer. A step that runs
 * out rolls back and is tried again after a pause, for as long as the caller's patience allows; then
 * it fails, and the next run tries again. Locks the steps take:
 * <ul>
 * <li>creating a partition ({@link StandalonePartition}): SHARE UPDATE EXCLUSIVE on the parent, which
 * readers and writers pass; with a default partition, ACCESS EXCLUSIVE on the default while ATTACH
 * scans it; for a table with foreign keys, SHARE ROW EXCLUSIVE on each referenced table, which
 * holds up its writers until the short transaction commits;</li>
 * <li>plain DETACH (while a default exists) and DROP: ACCESS EXCLUSIVE on the parent and the default;</li>
 * <li>DETACH ... CONCURRENTLY and FINALIZE: SHARE UPDATE EXCLUSIVE on the parent; their wait for older
 * transactions blocks nobody, but is bounded the same way: a detach it interrupts is left pending
 * and finalized by a later attempt or run.</li>
 * </ul>
 */
public final class PartitionExecutor {

    static final String LOCK_HELD = "another run holds the lock";

    private PartitionExecutor() {
    }

    /**
     * @param autocommit a connection in autocommit mode; it is returned in that mode
     * @param keyColumn the range key, used to find rows of a new range in the default partition
     * @param lockPatience how long one step keeps trying for its locks in all; each attempt waits at
     *                     most {@link BoundedLocks#LOCK_TIMEOUT} (less when the patience is shorter)
     */
    public static ExecutionReport run(Connection autocommit, String qualifiedTable, String keyColumn,
            List<PartitionAction> actions, Duration lockPatience) throws SQLException {
        Optional<AdvisoryLock> lock = AdvisoryLock.tryAcquire(autocommit, "partition:" + lockName(autocommit, qualifiedTable));
        if (lock.isEmpty()) {
            return new ExecutionReport(0, 0, 0, 0, List.of(), LOCK_HELD);
        }
        try (AdvisoryLock held = lock.get()) {
            BoundedLocks.Policy locks = BoundedLocks.Policy.within(lockPatience);
            // the steps set their own; this bounds the reads between them as well
            try (SessionSettings limits = SessionSettings.apply(autocommit,
                    Map.of("lock_timeout", locks.lockTimeout().toMillis() + "ms"))) {
                Run run = new Run(autocommit, qualifiedTable, keyColumn, false, locks);
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
        Run run = new Run(c, qualifiedTable, keyColumn, true, BoundedLocks.DEFAULT);
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
        private final BoundedLocks.Policy locks;

        Run(Connection connection, String table, String keyColumn, boolean dryRun, BoundedLocks.Policy locks) {
            this.connection = connection;
            this.table = table;
            this.keyColumn = keyColumn;
            this.dryRun = dryRun;
            this.locks = locks;
        }

        /** Runs one action; false when it failed and the run must stop (a retention step's failure does not). */
        boolean step(PartitionAction action) {
            try {
                Step step = new Step(connection, dryRun, locks);
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
            if (action instanceof BackfillRangePartition a) {
                // only for rows that wait in the default: an empty past interval gets no partition
                if (parent.hasDefault()
                        && step.queryBoolean(PartitionSql.defaultHoldsRange(parent, keyColumn, a.from(), a.to()))) {
                    movedRows += RangePartitionStep.create(step, parent, keyColumn, a.creation());
                    created++;
                }
            } else if (action instanceof CreateRangePartition a) {
                movedRows += RangePartitionStep.create(step, parent, keyColumn, a);
                created++;
            } else if (action instanceof CreateHashPartition a) {
                // the new table is empty: ATTACH's scan of it reads nothing, no CHECK needed
                attachNew(step, parent, a.partition(), PartitionSql.hashBound(a.modulus(), a.remainder()));
                created++;
            } else if (action instanceof CreateDefaultPartition a) {
                attachNew(step, parent, a.partition(), "DEFAULT");
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

        private static void attachNew(Step step, ParentTable parent, String partition, String bound) throws SQLException {
            step.inTransaction(s -> {
                StandalonePartition.create(s, parent, partition, null, null);
                s.execute(PartitionSql.attach(parent, partition, bound));
                return null;
            });
        }

        /**
         * {@code DETACH ... CONCURRENTLY} does not block readers and writers of the parent, but
         * PostgreSQL refuses it while the parent has a default partition. Then the plain DETACH runs
         * instead, in a transaction: it needs ACCESS EXCLUSIVE on the parent, which the short
         * lock_timeout keeps from queueing in front of other sessions for long. A concurrent detach
         * that ran out of time waiting for older transactions is left pending: the next attempt
         * finalizes it.
         */
        private static void detach(Step step, ParentTable parent, String partition) throws SQLException {
            if (parent.hasDefault()) {
                step.inTransaction(List.of(PartitionSql.detach(parent, partition, "")));
            } else {
                step.autocommit(() -> PartitionSql.detach(parent, partition,
                        step.detachPending(parent, partition) ? "FINALIZE" : "CONCURRENTLY"));
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
