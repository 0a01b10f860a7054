package io.workflowdb.operator.cluster.pgbouncer;

import java.util.List;
import java.util.stream.Collectors;

/** The spec asks for a pgbouncer.ini the renderer refuses to write; every reason is listed. */
public class PgBouncerConfigException extends IllegalArgumentException {

    private final List<Problem> problems;

    public PgBouncerConfigException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
