package io.workflowdb.operator.api.v1alpha1;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Size;

@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class EtcdSpec {

    @Size(max = 16)
    @JsonPropertyDescription("etcd client endpoints as host:port, for example etcd-0.etcd:2379.")
    public List<String> hosts;
}
