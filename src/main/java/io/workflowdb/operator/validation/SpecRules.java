package io.workflowdb.operator.validation;

import java.util.List;

/** The rules of one kind that its CRD schema cannot express. Only called on a schema-valid spec. */
@FunctionalInterface
public interface SpecRules<T> {

    List<Violation> check(T resource);
}
