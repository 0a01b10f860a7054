package io.workflowdb.operator.api.v1alpha1;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.kubernetes.api.model.Quantity;

@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class ResourcesSpec {

    @JsonPropertyDescription("Minimum resources, keyed by resource name (cpu, memory), as Kubernetes quantities.")
    public Map<String, Quantity> requests;

    @JsonPropertyDescription("Maximum resources, keyed by resource name (cpu, memory), as Kubernetes quantities.")
    public Map<String, Quantity> limits;
}
