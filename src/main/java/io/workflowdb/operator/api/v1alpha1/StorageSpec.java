package io.workflowdb.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.Quantity;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class StorageSpec {

    @JsonPropertyDescription("Size of each member's volume, as a Kubernetes quantity such as 20Gi. Default 10Gi.")
    public Quantity size;

    @Pattern(Patterns.KUBERNETES_NAME)
    @Size(max = 253)
    @JsonPropertyDescription("StorageClass of the volumes. Default: the cluster's default StorageClass.")
    public String storageClassName;
}
