package io.workflowdb.operator.api.v1alpha1;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(value = "!has(self.caSecret) || !has(self.sslMode) || self.sslMode == 'verify-ca' || self.sslMode == 'verify-full'",
        message = "caSecret needs sslMode verify-ca or verify-full: a CA is only used to verify the server",
        fieldPath = ".caSecret")
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

    @JsonPropertyDescription("PgJDBC sslmode: disable, allow, prefer (default without caSecret), require, verify-ca or verify-full (default with caSecret). verify-ca and verify-full without caSecret trust the JVM's default certificate authorities.")
    public SslMode sslMode;

    @JsonPropertyDescription("Secret in the same namespace with key ca.crt: the certificate authorities (PEM) the operator trusts for this server. "
            + "Needs sslMode verify-ca or verify-full (verify-full when sslMode is not given).")
    public LocalObjectReference caSecret;

    @Required
    @JsonPropertyDescription("Secret in the same namespace with keys username and password of a role that owns the database.")
    public LocalObjectReference credentialsSecret;

    @Size(max = 16)
    @JsonPropertyDescription("Optional REST endpoints of an existing Patroni cluster, such as http://db1:8008.")
    public List<String> patroniApi;
}
