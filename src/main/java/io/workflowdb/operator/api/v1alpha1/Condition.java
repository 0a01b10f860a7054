package io.workflowdb.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A Kubernetes-shaped condition. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Condition {

    @JsonPropertyDescription("Type of the condition, for example Ready.")
    public String type;

    @JsonPropertyDescription("Status of the condition: True, False or Unknown.")
    public String status;

    @JsonPropertyDescription("One CamelCase word that says why the condition has its status.")
    public String reason;

    @JsonPropertyDescription("Human-readable details; never contains a secret.")
    public String message;

    @JsonPropertyDescription("When the condition last changed its status (RFC 3339).")
    public String lastTransitionTime;

    @JsonPropertyDescription("The metadata.generation the condition was computed from.")
    public Long observedGeneration;

    public Condition() {
    }

    public Condition(String type, String status, String reason, String message, String lastTransitionTime,
            Long observedGeneration) {
        this.type = type;
        this.status = status;
        this.reason = reason;
        this.message = message;
        this.lastTransitionTime = lastTransitionTime;
        this.observedGeneration = observedGeneration;
    }
}
