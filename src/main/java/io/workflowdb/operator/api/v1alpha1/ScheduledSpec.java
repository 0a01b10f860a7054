package io.workflowdb.operator.api.v1alpha1;

/** The spec of a policy whose runs follow a schedule. Not bean properties: Jackson sees only the fields. */
public interface ScheduledSpec extends DatabaseBound {

    /** spec.schedule, or null for the kind's default. */
    String schedule();

    /** Whether spec.suspend is set: no run starts, and a running one ends. */
    default boolean suspended() {
        return false;
    }
}
