package io.workflowdb.operator.partition.execute;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import io.workflowdb.operator.partition.model.PartitionAction.CreateRangePartition;

/**
 * Creates a range partition, moving the rows of its range out of the default partition first when
 * there are any: PostgreSQL refuses to create a partition while the default holds rows of its range.
 *
 * <p>The move runs in one transaction: the partition is built standalone ({@code LIKE} the parent),
 * the rows are deleted from the default and inserted into it in one statement (the DELETE row-locks
 * them; concurrent writers of other rows go on), then it is attached. ATTACH takes SHARE UPDATE
 * EXCLUSIVE on the parent, so readers and writers of other partitions are not blocked, but ACCESS
 * EXCLUSIVE on the new table and on the default partition, which it scans to prove no row of the
 * range remains there. The lock_timeout bounds the wait for those locks, not the scan.
 */
final class RangePartitionStep {

    private RangePartitionStep() {
    }

    /** Creates the partition and returns how many rows moved into it. */
    static long create(Step step, ParentTable parent, String keyColumn, CreateRangePartition action)
            throws SQLException {
        String bound = PartitionSql.rangeBound(action.from(), action.to());
        return step.inTransaction(s -> {
            boolean move = parent.hasDefault()
                    && s.queryBoolean(PartitionSql.defaultHoldsRange(parent, keyColumn, action.from(), action.to()));
            if (!move) {
                List<String> statements = new ArrayList<>();
                statements.add(PartitionSql.partitionOf(parent, action.partition(), bound)
                        + PartitionSql.hashSubpartitioning(action.subpartitionColumn(), action.subpartitionModulus()));
                statements.addAll(PartitionSql.hashChildren(parent, action.partition(), action.subpartitionModulus()));
                for (String sql : statements) {
                    s.execute(sql);
                }
                return 0L;
            }
            s.execute(PartitionSql.standaloneLike(parent, action.partition(), action.subpartitionColumn(),
                    action.subpartitionModulus()));
            for (String sql : PartitionSql.hashChildren(parent, action.partition(), action.subpartitionModulus())) {
                s.execute(sql);
            }
            long moved = s.execute(PartitionSql.moveRows(parent, action.partition(), s.columnsOf(parent), keyColumn,
                    action.from(), action.to()));
            s.execute(PartitionSql.attach(parent, action.partition(), bound));
            return moved;
        });
    }
}
