package io.workflowdb.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class PoolerStatus {

    @JsonPropertyDescription("Desired PgBouncer pods.")
    public Integer instances;

    @JsonPropertyDescription("PgBouncer pods that are ready.")
    public Integer readyInstances;
}
