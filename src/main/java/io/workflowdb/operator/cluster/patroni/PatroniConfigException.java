package io.workflowdb.operator.cluster.patroni;

import java.util.List;
import java.util.stream.Collectors;
import io.workflowdb.operator.validation.Violation;

/** The spec asks for a Patroni configuration the renderer refuses to write; every reason is listed. */
public class PatroniConfigException extends IllegalArgumentException {

    private final List<Violation> problems;

    public PatroniConfigException(List<Violation> problems) {
        super(problems.stream().map(Violation::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public List<Violation> problems() {
        return problems;
    }
}
