package io.workflowdb.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class SchemaStatus {

    @JsonPropertyDescription("Version of the newest applied migration.")
    public String version;

    @JsonPropertyDescription("Migrations known but not yet applied.")
    public Integer pendingMigrations;

    @JsonPropertyDescription("Declared indexes by state.")
    public IndexCounts indexes;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class IndexCounts {

        @JsonPropertyDescription("Indexes that exist and are valid.")
        public Integer ready;

        @JsonPropertyDescription("Indexes being built.")
        public Integer building;

        @JsonPropertyDescription("Indexes whose build failed; the SchemaApplied condition says why.")
        public Integer failed;
    }
}
