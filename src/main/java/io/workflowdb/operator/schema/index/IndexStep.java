package io.workflowdb.operator.schema.index;

import java.util.ArrayList;
import java.util.List;

import io.workflowdb.operator.sql.Identifiers.QualifiedName;

/**
 * Statements that run together: one on its own in autocommit, or a few in one short transaction.
 *
 * @param concurrentBuild the index a {@code CREATE INDEX CONCURRENTLY} makes, or null; when that
 *                        build fails PostgreSQL leaves an INVALID index behind, to be dropped at once
 * @param concurrent      a {@code CREATE} or {@code DROP INDEX CONCURRENTLY}: its long waits are for
 *                        older transactions to end, which blocks nobody. Every other step takes a lock
 *                        that readers or writers queue behind, and waits for it only briefly.
 * @param retired         the index a swap replaced, when this step drops it, else null: if its lock
 *                        cannot be had now, it stays for a later pass, which drops it as undeclared
 */
record IndexStep(List<String> statements, boolean transaction, QualifiedName concurrentBuild, boolean concurrent,
        QualifiedName retired) {

    IndexStep {
        statements = List.copyOf(statements);
    }

    static IndexStep statement(String sql) {
        return new IndexStep(List.of(sql), false, null, false, null);
    }

    static IndexStep concurrentBuild(String sql, QualifiedName index) {
        return new IndexStep(List.of(sql), false, index, true, null);
    }

    static IndexStep concurrentDrop(String sql) {
        return new IndexStep(List.of(sql), false, null, true, null);
    }

    static IndexStep transaction(List<String> statements) {
        return new IndexStep(statements, true, null, false, null);
    }

    /** This drop, of the index a swap replaced. */
    IndexStep retiring(QualifiedName index) {
        return new IndexStep(statements, transaction, concurrentBuild, concurrent, index);
    }

    /** The statements as a session would send them, a transaction between BEGIN and COMMIT. */
    List<String> script() {
        if (!transaction) {
            return statements;
        }
        List<String> script = new ArrayList<>();
        script.add("BEGIN");
        script.addAll(statements);
        script.add("COMMIT");
        return script;
    }
}
