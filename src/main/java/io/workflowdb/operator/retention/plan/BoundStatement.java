package io.workflowdb.operator.retention.plan;

import java.util.List;

/** SQL text built from quoted identifiers only, and the values it binds, in order. */
public record BoundStatement(String sql, List<Object> parameters) {

    public BoundStatement {
        parameters = List.copyOf(parameters);
    }
}
