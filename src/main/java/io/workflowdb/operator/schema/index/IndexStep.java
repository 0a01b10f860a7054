package io.workflowdb.operator.schema.index;

import java.util.ArrayList;
import java.util.List;

import io.workflowdb.operator.sql.Identifiers.QualifiedName;

/**
 * Statements that run together: one on its own in autocommit, or a few in one short transaction.
 *
 * @param concurrentBuild the index a {@code CREATE INDEX CONCURRENTLY} makes, or null; when that
 *                        build fails PostgreSQL leaves an INVALID index behind, to be dropped at once
 */
record IndexStep(List<String> statements, boolean transaction, QualifiedName concurrentBuild) {

    IndexStep {
        statements = List.copyOf(statements);
    }

    static IndexStep statement(String sql) {
        return new IndexStep(List.of(sql), false, null);
    }

    static IndexStep concurrentBuild(String sql, QualifiedName index) {
        return new IndexStep(List.of(sql), false, index);
    }

    static IndexStep transaction(List<String> statements) {
        return new IndexStep(statements, true, null);
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
