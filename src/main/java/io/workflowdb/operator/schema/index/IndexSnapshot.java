package io.workflowdb.operator.schema.index;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.workflowdb.operator.sql.Identifiers.QualifiedName;

/**
 * What the catalog held at one moment: the tables the specs name (resolved the way PostgreSQL
 * resolves them) with their partition trees, and every index outside the system schemas, so that
 * owned indexes are found even when no spec names their table any more.
 *
 * @param tables  by the table reference as written in a spec; a table that does not exist is absent
 * @param indexes every user index, partitions' indexes included
 */
record IndexSnapshot(Map<String, ObservedTable> tables, List<ObservedIndex> indexes) {

    IndexSnapshot {
        tables = Map.copyOf(tables);
        indexes = List.copyOf(indexes);
    }

    Optional<ObservedTable> table(String reference) {
        return Optional.ofNullable(tables.get(reference));
    }

    Optional<ObservedIndex> index(QualifiedName name) {
        return indexes.stream().filter(i -> i.name().equals(name)).findFirst();
    }

    /** The indexes attached to a partitioned index. */
    List<ObservedIndex> childrenOf(QualifiedName parent) {
        return indexes.stream().filter(i -> parent.equals(i.parent())).toList();
    }

    /**
     * A table a spec names.
     *
     * @param partitions every partition below it, at any depth, parents before their children;
     *                   empty for a plain table
     */
    record ObservedTable(QualifiedName name, boolean partitioned, List<Partition> partitions) {

        ObservedTable {
            partitions = List.copyOf(partitions);
        }
    }

    /** One partition: a leaf, or itself partitioned (a sub-partitioned range, say). */
    record Partition(QualifiedName table, QualifiedName parent, boolean partitioned) {
    }

    /**
     * One index.
     *
     * @param valid   pg_index.indisvalid: false after a failed concurrent build, and while one runs
     * @param comment its COMMENT, where the ownership marker lives
     * @param parent  the partitioned index it is attached to, or null
     */
    record ObservedIndex(QualifiedName name, QualifiedName table, boolean valid, boolean partitioned,
            String comment, QualifiedName parent) {

        Optional<OwnershipMarker> marker() {
            return OwnershipMarker.parse(comment);
        }

        boolean owned() {
            return marker().isPresent();
        }
    }
}
