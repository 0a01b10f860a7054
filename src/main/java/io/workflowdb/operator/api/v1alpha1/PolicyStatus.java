package io.workflowdb.operator.api.v1alpha1;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * The status of a policy whose runs follow a schedule: conditions, the latest run, typed with the
 * kind's figures, and when the next is due.
 *
 * @param <R> the kind's run record
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public abstract class PolicyStatus<R extends RunRecord> extends BaseStatus {

    @JsonPropertyDescription("The latest run, or the one in progress.")
    public R lastRun;

    @JsonPropertyDescription("When the next run is due (RFC 3339).")
    public String nextRun;

    /** Replaces the latest run with a new, empty record of this kind (the class {@code R} names) and returns it. */
    @SuppressWarnings("unchecked")
    public R startRun() {
        Type record = ((ParameterizedType) getClass().getGenericSuperclass()).getActualTypeArguments()[0];
        try {
            lastRun = ((Class<R>) record).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(record + " needs a public no-argument constructor", e);
        }
        return lastRun;
    }
}
