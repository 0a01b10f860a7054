package io.workflowdb.operator.schema.index;

import io.workflowdb.operator.sql.Identifiers;
import io.workflowdb.operator.sql.Identifiers.QualifiedName;

/** The statements besides CREATE INDEX, every name quoted. */
final class IndexStatements {

    private IndexStatements() {
    }

    static String quote(QualifiedName name) {
        return Identifiers.quote(name.schema()) + "." + Identifiers.quote(name.name());
    }

    /**
     * Drops an index. A plain index goes CONCURRENTLY, without blocking writes; a partitioned one
     * cannot (PostgreSQL refuses), and takes with it every index attached below it, under ACCESS
     * EXCLUSIVE on the table and every partition.
     */
    static IndexStep drop(QualifiedName index, boolean partitioned) {
        return partitioned ? IndexStep.statement("DROP INDEX " + quote(index))
                : IndexStep.concurrentDrop("DROP INDEX CONCURRENTLY " + quote(index));
    }

    static String rename(QualifiedName index, String newName) {
        return "ALTER INDEX " + quote(index) + " RENAME TO " + Identifiers.quote(newName);
    }

    static IndexStep mark(QualifiedName index, OwnershipMarker marker) {
        return IndexStep.statement("COMMENT ON INDEX " + quote(index) + " IS '" + marker.render().replace("'", "''") + "'");
    }

    static IndexStep attach(QualifiedName parentIndex, QualifiedName childIndex) {
        return IndexStep.statement("ALTER INDEX " + quote(parentIndex) + " ATTACH PARTITION " + quote(childIndex));
    }
}
