package io.workflowdb.operator.schema.view;

import java.util.List;

/** Statements that run together: in one transaction, or one by one in autocommit. */
record SqlBatch(boolean transactional, List<String> statements) {

    SqlBatch {
        statements = List.copyOf(statements);
    }

    static SqlBatch transaction(List<String> statements) {
        return new SqlBatch(true, statements);
    }

    static SqlBatch autocommit(String statement) {
        return new SqlBatch(false, List.of(statement));
    }
}
