package io.workflowdb.operator.validation;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.kubernetes.client.KubernetesClientObjectMapperCustomizer;

/** Puts {@link StoredSpecModule} on the mapper of the operator's Kubernetes client. */
@Singleton
public class StoredSpecSerialization implements KubernetesClientObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(new StoredSpecModule());
    }
}
