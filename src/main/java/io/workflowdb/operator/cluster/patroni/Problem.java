package io.workflowdb.operator.cluster.patroni;

/** One reason a spec cannot be rendered: the field it concerns ({@code spec.postgresql.parameters.port}) and why. */
public record Problem(String field, String message) {

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
