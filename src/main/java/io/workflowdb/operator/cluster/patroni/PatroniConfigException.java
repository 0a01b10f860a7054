package io.workflowdb.operator.cluster.patroni;

import java.util.List;
import java.util.stream.Collectors;

/** The spec asks for a Patroni configuration the renderer refuses to write; every reason is listed. */
public class PatroniConfigException extends IllegalArgumentException {

    private final List<Problem> problems;

    public PatroniConfigException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
