package io.workflowdb.operator.validation;

/** One problem with a resource: the field it concerns (such as {@code spec.where[0].values}) and why. */
public record Violation(String field, String message) {

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
