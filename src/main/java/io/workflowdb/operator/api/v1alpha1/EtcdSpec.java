package io.workflowdb.operator.api.v1alpha1;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class EtcdSpec {

    @Size(max = 16)
    @JsonPropertyDescription("etcd client endpoints as host:port, for example etcd-0.etcd:2379.")
    public List<String> hosts;

    @Size(max = 253)
    @Pattern(Patterns.KUBERNETES_NAME)
    @JsonPropertyDescription("Secret in the same namespace with keys username and password of the etcd user Patroni logs in as. Patroni receives them as environment variables, never through its ConfigMap.")
    public String credentialsSecret;

    @Size(max = 253)
    @Pattern(Patterns.KUBERNETES_NAME)
    @JsonPropertyDescription("Secret in the same namespace with keys ca.crt (verifies etcd's certificate), tls.crt and tls.key (Patroni's client certificate). Patroni then talks to etcd over https.")
    public String tlsSecret;
}
