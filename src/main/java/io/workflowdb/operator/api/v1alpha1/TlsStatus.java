package io.workflowdb.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class TlsStatus {

    @JsonPropertyDescription("What the cluster runs with: verify-full, require, allow, or off for a cluster created before TLS that keeps running without it until spec.tls is set.")
    public String mode;

    @JsonPropertyDescription("When the cluster's certificate authority expires (RFC 3339).")
    public String authorityExpires;

    @JsonPropertyDescription("When the members' and pooler's server certificate expires (RFC 3339); it is renewed 30 days before.")
    public String certificateExpires;

    @JsonPropertyDescription("Serial number of the server certificate in the TLS Secret.")
    public String certificateSerial;

    @JsonPropertyDescription("When the server certificate was last issued (RFC 3339); members reload it without a restart.")
    public String certificateIssued;
}
