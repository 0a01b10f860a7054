package io.workflowdb.operator.api.v1alpha1;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Size;

@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class SchemaSpec {

    @JsonPropertyDescription("Install the built-in workflow schema (projects, tasks, task_executions, validations, workflow_events, tasks_archive). Default false.")
    public Boolean workflow;

    @Size(max = 50)
    @JsonPropertyDescription("User migrations, applied after the built-in ones in version order.")
    public List<MigrationSource> migrations;

    @Size(max = 256)
    @JsonPropertyDescription("Indexes the operator creates concurrently and keeps valid.")
    public List<IndexSpec> indexes;

    @Size(max = 64)
    @JsonPropertyDescription("Materialized views the operator creates and refreshes on a schedule.")
    public List<MaterializedViewSpec> materializedViews;
}
