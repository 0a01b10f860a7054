package io.workflowdb.operator.api.v1alpha1;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class ExternalSpec {

    public enum SslMode {
        @JsonProperty("disable")
        DISABLE,
        @JsonProperty("allow")
        ALLOW,
        @JsonProperty("prefer")
        PREFER,
        @JsonProperty("require")
        REQUIRE,
        @JsonProperty("verify-ca")
        VERIFY_CA,
        @JsonProperty("verify-full")
        VERIFY_FULL
    }

    @Required
    @Size(min = 1, max = 16)
    @JsonPropertyDescription("Servers as host:port (port 5432 when omitted); the operator connects to whichever is the primary.")
    public List<String> hosts;

    @Required
    @Pattern(Patterns.IDENTIFIER)
    @JsonPropertyDescription("Database to manage on those servers.")
    public String database;

    @JsonPropertyDescription("PgJDBC sslmode: disable, allow, prefer (default), require, verify-ca or verify-full.")
    public SslMode sslMode;

    @Required
    @JsonPropertyDescription("Secret in the same namespace with keys username and password of a role that owns the database.")
    public LocalObjectReference credentialsSecret;

    @Size(max = 16)
    @JsonPropertyDescription("Optional REST endpoints of an existing Patroni cluster, such as http://db1:8008.")
    public List<String> patroniApi;
}
