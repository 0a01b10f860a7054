package io.workflowdb.operator.cluster.pgbouncer;

import java.util.List;

import io.workflowdb.operator.validation.Violation;
import io.workflowdb.operator.validation.ViolationsException;

/** The spec asks for a pgbouncer.ini the renderer refuses to write; every reason is listed. */
public class PgBouncerConfigException extends ViolationsException {

    public PgBouncerConfigException(List<Violation> problems) {
        super(problems);
    }
}
