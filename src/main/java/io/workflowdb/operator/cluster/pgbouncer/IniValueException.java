package io.workflowdb.operator.cluster.pgbouncer;

/** A key or value the INI writer refused because it would break, extend or change the file's meaning. */
public class IniValueException extends IllegalArgumentException {

    public IniValueException(String message) {
        super(message);
    }
}
