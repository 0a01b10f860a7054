package io.workflowdb.operator.api.v1alpha1;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class WorkflowDatabaseStatus extends BaseStatus {

    public enum Phase {
        Pending,
        Creating,
        Running,
        Degraded,
        Failed
    }

    @JsonPropertyDescription("Summary of the database's state: Pending, Creating, Running, Degraded or Failed.")
    public Phase phase;

    @JsonPropertyDescription("Number of PostgreSQL members the operator runs or found.")
    public Integer instances;

    @JsonPropertyDescription("Number of members that are running and serving.")
    public Integer readyInstances;

    @JsonPropertyDescription("Name of the current primary member, or host of the external primary.")
    public String primary;

    @JsonPropertyDescription("Each member with its role, replication state and lag.")
    public List<MemberStatus> members;

    @JsonPropertyDescription("State of the PgBouncer pooler.")
    public PoolerStatus pooler;

    @JsonPropertyDescription("State of migrations, indexes and materialized views.")
    public SchemaStatus schema;

    @JsonPropertyDescription("Result of the latest health checks.")
    public HealthStatus health;

    @JsonPropertyDescription("TLS of a managed cluster: its mode and the expiry of its certificates.")
    public TlsStatus tls;

    @JsonPropertyDescription("Secret with the application's connection details (host, port, database, username, password, uri).")
    public String connectionSecret;
}
