package io.workflowdb.operator.partition.execute;

import java.sql.SQLException;

import io.workflowdb.operator.partition.model.PartitionAction.CreateRangePartition;

/**
 * Creates a range partition without ever asking for ACCESS EXCLUSIVE on the parent, in one short
 * transaction: the partition is built standalone ({@link StandalonePartition}), given a CHECK that
 * implies its bound (added while it is empty, so free), filled with the rows of its range that wait
 * in the default partition if there are any (PostgreSQL refuses a partition whose rows the default
 * still holds), attached, and rid of the CHECK.
 *
 * <p>Locks: SHARE UPDATE EXCLUSIVE on the parent, which readers and writers pass; with a default
 * partition, the move row-locks the rows it moves, then SHARE on the parent alone holds writers for
 * the last statements (so that no insert is routed to the default by a stale partition layout), and
 * ATTACH takes ACCESS EXCLUSIVE on the default and scans it (about 75 ms per million rows measured) to prove no row of the range is left there.
 * That lock is the one a long reader of the default holds up: the step waits for it at most the
 * short lock_timeout, then rolls back and tries again after a pause ({@link Step}), so readers
 * queued behind it wait no longer than that. No CHECK on the default spares its scan: only a valid
 * CHECK counts, adding one scans the default under the same lock, and one added in an earlier
 * transaction would turn away the application's rows of the range meanwhile.
 */
final class RangePartitionStep {

    private RangePartitionStep() {
    }

    /** Creates the partition and returns how many rows moved into it. */
    static long create(Step step, ParentTable parent, String keyColumn, CreateRangePartition action)
            throws SQLException {
        String partition = action.partition();
        return step.inTransaction(s -> {
            StandalonePartition.create(s, parent, partition, action.subpartitionColumn(), action.subpartitionModulus());
            s.execute(PartitionSql.addBoundCheck(parent, partition, keyColumn, action.from(), action.to()));
            long moved = 0;
            if (parent.hasDefault()) {
                String move = PartitionSql.moveRows(parent, partition, s.columnsOf(parent), keyColumn, action.from(),
                        action.to());
                if (s.queryBoolean(PartitionSql.defaultHoldsRange(parent, keyColumn, action.from(), action.to()))) {
                    moved = s.execute(move);
                }
                // An insert routed to the default before the ATTACH commits fails once it does (the
                // default's constraint has changed under it): SHARE on the parent alone (not its
                // partitions; readers pass) makes writers wait the last milliseconds and route afresh.
                // Then the lock ATTACH takes anyway on the default, and a second move catches rows of
                // the range committed there meanwhile.
                s.execute("LOCK TABLE ONLY " + parent.quoted() + " IN SHARE MODE");
                s.execute("LOCK TABLE " + parent.qualify(parent.defaultPartition()) + " IN ACCESS EXCLUSIVE MODE");
                moved += s.execute(move);
            }
            s.execute(PartitionSql.attach(parent, partition, PartitionSql.rangeBound(action.from(), action.to())));
            s.execute(PartitionSql.dropBoundCheck(parent, partition));
            return moved;
        });
    }
}
