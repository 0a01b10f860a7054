package io.workflowdb.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.external) || !(has(self.instances) || has(self.storage) || has(self.patroni) || has(self.image) || has(self.tls) || has(self.enableSuperuserAccess))",
        message = "external cannot be combined with instances, image, storage, patroni, tls or enableSuperuserAccess: an external database runs no pods (give external.caSecret for its TLS)",
        fieldPath = ".external")
@ValidationRule(value = "!has(self.patroni) || !has(self.patroni.synchronousNodeCount) || !has(self.instances) || self.patroni.synchronousNodeCount < self.instances",
        message = "patroni.synchronousNodeCount must be lower than instances",
        fieldPath = ".patroni.synchronousNodeCount")
public class WorkflowDatabaseSpec {

    @Min(1)
    @Max(9)
    @JsonPropertyDescription("Number of Patroni members (one primary, the rest streaming replicas), 1 to 9. Default 3. Not allowed with external.")
    public Integer instances;

    @Size(max = 512)
    @JsonPropertyDescription("Container image with Patroni and PostgreSQL. Default: the operator's configured image.")
    public String image;

    @Min(14)
    @Max(18)
    @JsonPropertyDescription("Major PostgreSQL version of the image, 14 to 18. Default 16.")
    public Integer postgresVersion;

    @JsonPropertyDescription("Persistent volume of each member.")
    public StorageSpec storage;

    @JsonPropertyDescription("CPU and memory requests and limits of each PostgreSQL container.")
    public ResourcesSpec resources;

    @Pattern(Patterns.IDENTIFIER)
    @JsonPropertyDescription("Name of the application database. Default workflow_db.")
    public String database;

    @Pattern(Patterns.IDENTIFIER)
    @JsonPropertyDescription("Role that owns the application database; its password is generated into the connection Secret. Default app_user.")
    public String owner;

    @JsonPropertyDescription("PostgreSQL server parameters and client authentication rules.")
    public PostgresqlSpec postgresql;

    @JsonPropertyDescription("Patroni high-availability settings.")
    public PatroniSpec patroni;

    @JsonPropertyDescription("The PgBouncer connection pooler in front of the cluster.")
    public PgBouncerSpec pgbouncer;

    @JsonPropertyDescription("Schema the operator installs and keeps true: the workflow schema, migrations, indexes, materialized views.")
    public SchemaSpec schema;

    @JsonPropertyDescription("Health checks and their thresholds.")
    public MonitoringSpec monitoring;

    @JsonPropertyDescription("TLS of a managed cluster: the operator runs a certificate authority per cluster and serves TLS on PostgreSQL, PgBouncer and Patroni's REST API.")
    public TlsSpec tls;

    @JsonPropertyDescription("Allow the postgres superuser to log in with its password over the network (TLS only). Default false: it logs in locally, and the operator with a client certificate. Not allowed with external.")
    public Boolean enableSuperuserAccess;

    @JsonPropertyDescription("Manage an existing PostgreSQL server instead of running pods.")
    public ExternalSpec external;
}
