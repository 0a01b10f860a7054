package io.workflowdb.operator.validation;

import java.util.List;
import java.util.stream.Collectors;

/** A spec that code refuses to act on; every reason is listed, and the message joins them. */
public class ViolationsException extends IllegalArgumentException {

    private final List<Violation> problems;

    public ViolationsException(List<Violation> problems) {
        super(problems.stream().map(Violation::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public List<Violation> problems() {
        return problems;
    }
}
