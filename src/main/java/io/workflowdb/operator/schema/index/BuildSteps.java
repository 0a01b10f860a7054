package io.workflowdb.operator.schema.index;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.workflowdb.operator.schema.index.IndexDefinition.Target;
import io.workflowdb.operator.schema.index.IndexSnapshot.ObservedIndex;
import io.workflowdb.operator.schema.index.IndexSnapshot.ObservedTable;
import io.workflowdb.operator.schema.index.IndexSnapshot.Partition;
import io.workflowdb.operator.sql.Identifiers.QualifiedName;

/**
 * The step sequences for one declared index on one observed table. Every build happens under the
 * temporary name and is published by renaming, so the declared name only ever holds a finished,
 * marked index, and an INVALID index under the declared name is never the operator's half-done work.
 */
final class BuildSteps {

    private final IndexDefinition definition;
    private final ObservedTable table;
    private final IndexSnapshot snapshot;

    BuildSteps(IndexDefinition definition, ObservedTable table, IndexSnapshot snapshot) {
        this.definition = definition;
        this.table = table;
        this.snapshot = snapshot;
    }

    QualifiedName temporary() {
        return new QualifiedName(table.name().schema(), IndexNames.temporary(definition.name()));
    }

    /** The temporary index and its per-partition children: names only this index's builds use. */
    List<QualifiedName> temporaryNames() {
        List<QualifiedName> names = new ArrayList<>();
        names.add(temporary());
        table.partitions().forEach(p -> names.add(child(temporary().name(), p.table())));
        return names;
    }

    /** A valid index that is not the operator's under one of the temporary names: it blocks every build. */
    Optional<QualifiedName> unmanagedTemporary() {
        return temporaryNames().stream()
                .map(snapshot::index)
                .flatMap(Optional::stream)
                .filter(index -> !index.owned() && index.valid())
                .map(ObservedIndex::name)
                .findFirst();
    }

    /**
     * Drops what an interrupted build left under the temporary names: an owned index, or an INVALID
     * one (a failed concurrent build, which never got its marker). Call only when
     * {@link #unmanagedTemporary()} is empty.
     */
    List<IndexStep> clearLeftovers() {
        List<IndexStep> steps = new ArrayList<>();
        Set<QualifiedName> dropped = new HashSet<>();
        for (QualifiedName name : temporaryNames()) {
            Optional<ObservedIndex> leftover = snapshot.index(name);
            if (leftover.isPresent() && !dropped.contains(name)) {
                steps.add(IndexStatements.drop(name, leftover.get().partitioned()));
                // dropping a partitioned index drops the indexes attached below it
                dropped.addAll(descendants(name));
            }
        }
        return steps;
    }

    /**
     * Builds the index under the temporary name and marks it. On a partitioned table: the parent's
     * index ON ONLY the parent (a catalog entry; it waits for the parent's lock, then is instant),
     * each leaf's concurrently, then every child attached from the bottom up, after which
     * PostgreSQL marks the parent's index valid.
     */
    List<IndexStep> build() {
        QualifiedName temporary = temporary();
        OwnershipMarker marker = definition.marker();
        String quotedTable = IndexStatements.quote(table.name());
        List<IndexStep> steps = new ArrayList<>();
        if (!table.partitioned()) {
            steps.add(IndexStep.concurrentBuild(definition.create(temporary.name(), quotedTable, Target.CONCURRENTLY), temporary));
            steps.add(IndexStatements.mark(temporary, marker));
            return steps;
        }
        Target parentTarget = table.partitions().isEmpty() ? Target.EMPTY_PARENT : Target.PARENT_ONLY;
        steps.add(IndexStep.statement(definition.create(temporary.name(), quotedTable, parentTarget)));
        steps.add(IndexStatements.mark(temporary, marker));
        for (Partition partition : table.partitions()) {
            QualifiedName child = child(temporary.name(), partition.table());
            String quotedPartition = IndexStatements.quote(partition.table());
            steps.add(partition.partitioned()
                    ? IndexStep.statement(definition.create(child.name(), quotedPartition, Target.PARENT_ONLY))
                    : IndexStep.concurrentBuild(definition.create(child.name(), quotedPartition, Target.CONCURRENTLY), child));
            steps.add(IndexStatements.mark(child, marker));
        }
        List<Partition> bottomUp = new ArrayList<>(table.partitions());
        Collections.reverse(bottomUp);
        for (Partition partition : bottomUp) {
            steps.add(IndexStatements.attach(indexOn(temporary.name(), partition.parent()), child(temporary.name(), partition.table())));
        }
        return steps;
    }

    /**
     * Gives the built index the declared name. With an index already there, both renames happen
     * in one transaction, so the declared name never goes missing (the old index steps aside
     * under the retired name and is dropped afterwards); partition indexes follow their parent.
     * The renames take SHARE UPDATE EXCLUSIVE on the indexes, which readers and writers pass. The
     * drop of an old partitioned index needs ACCESS EXCLUSIVE on the whole table; when a long
     * transaction keeps it, the old index is left for a later pass rather than waited for.
     */
    List<IndexStep> publish(ObservedIndex existing) {
        String name = definition.name();
        List<String> renames = new ArrayList<>();
        if (existing != null) {
            String retired = IndexNames.retired(name);
            renames.add(IndexStatements.rename(existing.name(), retired));
            for (QualifiedName descendant : descendants(existing.name())) {
                // only names the operator gave; PostgreSQL names the indexes of partitions added later itself
                if (descendant.name().equals(child(name, tableOf(descendant)).name())) {
                    renames.add(IndexStatements.rename(descendant, IndexNames.child(retired, tableOf(descendant).name())));
                }
            }
        }
        renames.add(IndexStatements.rename(temporary(), name));
        for (Partition partition : table.partitions()) {
            renames.add(IndexStatements.rename(child(temporary().name(), partition.table()),
                    IndexNames.child(name, partition.table().name())));
        }
        List<IndexStep> steps = new ArrayList<>();
        steps.add(renames.size() == 1 ? IndexStep.statement(renames.get(0)) : IndexStep.transaction(renames));
        if (existing != null) {
            QualifiedName retired = new QualifiedName(existing.name().schema(), IndexNames.retired(name));
            steps.add(IndexStatements.drop(retired, existing.partitioned()).retiring(retired));
        }
        return steps;
    }

    private QualifiedName indexOn(String rootIndex, QualifiedName tableName) {
        return tableName.equals(table.name()) ? new QualifiedName(table.name().schema(), rootIndex) : child(rootIndex, tableName);
    }

    private static QualifiedName child(String rootIndex, QualifiedName partition) {
        return new QualifiedName(partition.schema(), IndexNames.child(rootIndex, partition.name()));
    }

    private QualifiedName tableOf(QualifiedName index) {
        return snapshot.index(index).map(ObservedIndex::table).orElseThrow();
    }

    private List<QualifiedName> descendants(QualifiedName index) {
        List<QualifiedName> all = new ArrayList<>();
        for (ObservedIndex child : snapshot.childrenOf(index)) {
            all.add(child.name());
            all.addAll(descendants(child.name()));
        }
        return all;
    }
}
