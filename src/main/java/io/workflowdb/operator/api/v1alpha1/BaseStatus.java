package io.workflowdb.operator.api.v1alpha1;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The part of status every kind shares. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public abstract class BaseStatus {

    @JsonPropertyDescription("The metadata.generation of the spec this status was computed from.")
    public Long observedGeneration;

    @JsonPropertyDescription("Conditions in the Kubernetes shape; every kind has Ready.")
    public List<Condition> conditions = new ArrayList<>();
}
