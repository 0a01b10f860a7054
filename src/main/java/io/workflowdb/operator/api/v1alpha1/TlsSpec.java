package io.workflowdb.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** How a managed cluster's clients must use the TLS the operator always serves. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TlsSpec {

    public enum Mode {
        /** TLS required; the app Secret tells clients to verify the certificate and the host name. */
        @JsonProperty("verify-full")
        VERIFY_FULL,
        /** TLS required; the app Secret tells clients to encrypt without verifying (no CA needed). */
        @JsonProperty("require")
        REQUIRE,
        /** TLS offered, plain connections still accepted: for clients that cannot do TLS yet. */
        @JsonProperty("allow")
        ALLOW
    }

    @JsonPropertyDescription("verify-full (default): only TLS connections, and the app Secret says sslmode=verify-full with its ca.crt; "
            + "require: only TLS connections, the app Secret says sslmode=require; "
            + "allow: TLS offered but plain connections of the application's roles accepted, the app Secret says sslmode=prefer. "
            + "The operator's own connections always verify the server.")
    public Mode mode;
}
