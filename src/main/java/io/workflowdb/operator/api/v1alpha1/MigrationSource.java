package io.workflowdb.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Required;

public class MigrationSource {

    @Required
    @JsonPropertyDescription("ConfigMap whose entries are migrations named V<version>__<description>.sql.")
    public LocalObjectReference configMapRef;
}
