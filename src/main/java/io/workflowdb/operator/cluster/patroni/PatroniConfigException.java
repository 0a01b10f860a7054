package io.workflowdb.operator.cluster.patroni;

import java.util.List;

import io.workflowdb.operator.validation.Violation;
import io.workflowdb.operator.validation.ViolationsException;

/** The spec asks for a Patroni configuration the renderer refuses to write; every reason is listed. */
public class PatroniConfigException extends ViolationsException {

    public PatroniConfigException(List<Violation> problems) {
        super(problems);
    }
}
