package io.workflowdb.operator.partition.execute;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A new partition built as a table of its own, shaped like the parent, and then attached.
 * {@code CREATE TABLE ... PARTITION OF} takes ACCESS EXCLUSIVE on the parent: queued behind one long
 * reader it holds up every reader and writer of the table. {@code ATTACH PARTITION} takes only SHARE
 * UPDATE EXCLUSIVE on the parent, which readers and writers pass (and ACCESS EXCLUSIVE on the new
 * table, which nobody else sees yet, and on the default partition when there is one).
 *
 * <p>The table and its attach run in one transaction, so a failure leaves nothing behind. A table of
 * the partition's name that is not a partition (someone ran the printed plan by hand and the attach
 * failed, say) is dropped first when it is empty; one that holds rows is refused, never dropped.
 */
final class StandalonePartition {

    private static final String LEFTOVER = """
            SELECT c.relkind IN ('r', 'p') AND NOT c.relispartition
              FROM pg_class c
             WHERE c.oid = to_regclass(?)
            """;

    private StandalonePartition() {
    }

    /** The standalone table, with its hash children when the policy subpartitions; run inside the step's transaction. */
    static void create(Step s, ParentTable parent, String partition, String subColumn, Integer subModulus)
            throws SQLException {
        clearLeftover(s, parent, partition);
        s.execute(PartitionSql.standaloneLike(parent, partition, subColumn, subModulus));
        for (String sql : PartitionSql.hashChildren(parent, partition, subModulus)) {
            s.execute(sql);
        }
    }

    private static void clearLeftover(Step s, ParentTable parent, String partition) throws SQLException {
        if (!isStandaloneTable(s, parent.qualify(partition))) {
            // missing (the usual case), or something CREATE TABLE will refuse with PostgreSQL's message
            return;
        }
        if (s.queryBoolean("SELECT EXISTS (SELECT 1 FROM " + parent.qualify(partition) + ")")) {
            throw new SQLException("table " + parent.schema() + "." + partition + " exists, is not a partition of "
                    + parent.name() + " and holds rows; it is neither attached nor dropped: attach, rename or drop it");
        }
        s.execute(PartitionSql.drop(parent, partition));
    }

    private static boolean isStandaloneTable(Step s, String quotedName) throws SQLException {
        try (PreparedStatement ps = s.connection().prepareStatement(LEFTOVER)) {
            ps.setString(1, quotedName);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }
}
