package io.workflowdb.operator.api.v1alpha1;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(value = "!has(self.minPoolSize) || !has(self.defaultPoolSize) || self.minPoolSize <= self.defaultPoolSize",
        message = "minPoolSize must not exceed defaultPoolSize", fieldPath = ".minPoolSize")
@ValidationRule(value = "!has(self.defaultPoolSize) || !has(self.maxDbConnections) || self.maxDbConnections == 0 || self.defaultPoolSize <= self.maxDbConnections",
        message = "defaultPoolSize must not exceed maxDbConnections", fieldPath = ".defaultPoolSize")
@ValidationRule(value = "!has(self.defaultPoolSize) || !has(self.maxClientConn) || self.defaultPoolSize <= self.maxClientConn",
        message = "defaultPoolSize must not exceed maxClientConn", fieldPath = ".defaultPoolSize")
public class PgBouncerSpec {

    public enum PoolMode {
        @JsonProperty("session")
        SESSION,
        @JsonProperty("transaction")
        TRANSACTION,
        @JsonProperty("statement")
        STATEMENT
    }

    @JsonPropertyDescription("Run a PgBouncer pooler in front of the cluster. Default true.")
    public Boolean enabled;

    @Min(1)
    @Max(20)
    @JsonPropertyDescription("Number of PgBouncer pods. Default 2.")
    public Integer instances;

    @JsonPropertyDescription("When a server connection returns to the pool: session (when the client disconnects), transaction (after each transaction, the default) or statement (after each statement; multi-statement transactions are refused).")
    public PoolMode poolMode;

    @Min(1)
    @Max(100000)
    @JsonPropertyDescription("Maximum client connections PgBouncer accepts. Default 100.")
    public Integer maxClientConn;

    @Min(1)
    @Max(10000)
    @JsonPropertyDescription("Server connections per user/database pair. Default 20.")
    public Integer defaultPoolSize;

    @Min(0)
    @Max(10000)
    @JsonPropertyDescription("Server connections kept open even when idle. Default 5.")
    public Integer minPoolSize;

    @Min(0)
    @Max(10000)
    @JsonPropertyDescription("Extra server connections allowed when a client waited reservePoolTimeout seconds. Default 5.")
    public Integer reservePoolSize;

    @Min(0)
    @Max(3600)
    @JsonPropertyDescription("Seconds a client waits before the reserve pool is used. Default 5.")
    public Integer reservePoolTimeout;

    @Min(0)
    @Max(100000)
    @JsonPropertyDescription("Maximum server connections per database; 0 means no limit. Default 50.")
    public Integer maxDbConnections;

    @Min(0)
    @Max(100000)
    @JsonPropertyDescription("Maximum server connections per user; 0 means no limit. Default 50.")
    public Integer maxUserConnections;

    @JsonPropertyDescription("Also serve <database>_ro, routed to the replicas. Default true.")
    public Boolean readOnlyDatabase;

    @Size(max = 100)
    @JsonPropertyDescription("Other pgbouncer.ini settings as strings. Settings the operator owns (listen_*, auth_*, logfile, pidfile, unix_socket_dir) are refused.")
    public Map<String, String> parameters;
}
