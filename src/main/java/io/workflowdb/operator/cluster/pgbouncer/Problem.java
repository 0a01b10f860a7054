package io.workflowdb.operator.cluster.pgbouncer;

/** One reason a spec cannot be rendered: the field it concerns ({@code spec.pgbouncer.parameters.x}) and why. */
public record Problem(String field, String message) {

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
