package io.workflowdb.operator.partition.execute;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.workflowdb.operator.sql.Identifiers;

/**
 * The statement texts of each partition step. Names are quoted by {@link Identifiers}; bounds are
 * literals printed from an {@link Instant} (digits, '-', ':', 'T', '.', 'Z' only), never user text.
 */
public final class PartitionSql {

    /** The name of the CHECK a new range partition carries between its creation and its attach. */
    static final String BOUND_CHECK = "wfdb_partition_bound";

    private PartitionSql() {
    }

    public static String timestamptz(Instant instant) {
        return "'" + instant + "'::timestamptz";
    }

    public static String rangeBound(Instant from, Instant to) {
        return "FOR VALUES FROM (" + timestamptz(from) + ") TO (" + timestamptz(to) + ")";
    }

    public static String hashBound(int modulus, int remainder) {
        return "FOR VALUES WITH (MODULUS " + modulus + ", REMAINDER " + remainder + ")";
    }

    public static String hashChild(String partition, int remainder) {
        return partition + "_h" + remainder;
    }

    /** {@code PARTITION BY HASH (col)} when subpartitioned, else nothing. */
    static String hashSubpartitioning(String column, Integer modulus) {
        return modulus == null ? "" : " PARTITION BY HASH (" + Identifiers.quote(column) + ")";
    }

    /** The {@code _h<i>} children of a hash-subpartitioned range partition. */
    static List<String> hashChildren(ParentTable parent, String partition, Integer modulus) {
        List<String> children = new ArrayList<>();
        for (int i = 0; modulus != null && i < modulus; i++) {
            children.add("CREATE TABLE " + parent.qualify(hashChild(partition, i)) + " PARTITION OF "
                    + parent.qualify(partition) + " " + hashBound(modulus, i));
        }
        return children;
    }

    /**
     * The partition built standalone, shaped like the parent, to be attached. Its indexes come along
     * (ATTACH adopts matching ones), so ATTACH builds none while it holds the default partition's lock.
     */
    static String standaloneLike(ParentTable parent, String partition, String subColumn, Integer subModulus) {
        return "CREATE TABLE " + parent.qualify(partition) + " (LIKE " + parent.quoted()
                + " INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING GENERATED INCLUDING INDEXES)"
                + hashSubpartitioning(subColumn, subModulus);
    }

    /**
     * A CHECK that implies the range bound, so ATTACH trusts it instead of scanning the table. Added
     * while the table is still empty, it costs no scan either; rows moved in are checked one by one.
     */
    static String addBoundCheck(ParentTable parent, String partition, String keyColumn, Instant from, Instant to) {
        return "ALTER TABLE " + parent.qualify(partition) + " ADD CONSTRAINT " + Identifiers.quote(BOUND_CHECK)
                + " CHECK (" + Identifiers.quote(keyColumn) + " IS NOT NULL AND " + rangePredicate(keyColumn, from, to) + ")";
    }

    /** Once attached, the partition bound says the same: the check would only be one more to maintain. */
    static String dropBoundCheck(ParentTable parent, String partition) {
        return "ALTER TABLE " + parent.qualify(partition) + " DROP CONSTRAINT " + Identifiers.quote(BOUND_CHECK);
    }

    static String rangePredicate(String keyColumn, Instant from, Instant to) {
        String key = Identifiers.quote(keyColumn);
        return key + " >= " + timestamptz(from) + " AND " + key + " < " + timestamptz(to);
    }

    static String defaultHoldsRange(ParentTable parent, String keyColumn, Instant from, Instant to) {
        return "SELECT EXISTS (SELECT 1 FROM " + parent.qualify(parent.defaultPartition()) + " WHERE "
                + rangePredicate(keyColumn, from, to) + ")";
    }

    /** Deletes the range's rows from the default partition and inserts them into the new one, in one statement. */
    static String moveRows(ParentTable parent, String partition, List<String> columns, String keyColumn, Instant from,
            Instant to) {
        String list = String.join(", ", columns.stream().map(Identifiers::quote).toList());
        return "WITH moved AS (DELETE FROM " + parent.qualify(parent.defaultPartition()) + " WHERE "
                + rangePredicate(keyColumn, from, to) + " RETURNING " + list + ") INSERT INTO "
                + parent.qualify(partition) + " (" + list + ") SELECT " + list + " FROM moved";
    }

    static String attach(ParentTable parent, String partition, String bound) {
        return "ALTER TABLE " + parent.quoted() + " ATTACH PARTITION " + parent.qualify(partition) + " " + bound;
    }

    static String detach(ParentTable parent, String partition, String mode) {
        return "ALTER TABLE " + parent.quoted() + " DETACH PARTITION " + parent.qualify(partition)
                + (mode.isEmpty() ? "" : " " + mode);
    }

    static String drop(ParentTable parent, String partition) {
        return "DROP TABLE " + parent.qualify(partition);
    }
}
