package io.workflowdb.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A reference to an object in the same namespace. */
public class LocalObjectReference {

    @Required
    @Pattern(Patterns.KUBERNETES_NAME)
    @Size(max = 253)
    @JsonPropertyDescription("Name of the object, in the namespace of the referring resource.")
    public String name;

    public LocalObjectReference() {
    }

    public LocalObjectReference(String name) {
        this.name = name;
    }
}
