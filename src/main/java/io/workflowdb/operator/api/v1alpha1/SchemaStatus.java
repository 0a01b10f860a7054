package io.workflowdb.operator.api.v1alpha1;

import java.util.List;

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

    @JsonPropertyDescription("Each declared materialized view with its latest refresh.")
    public List<MaterializedViewStatus> materializedViews;

    @JsonPropertyDescription("Every migration, index and materialized view that failed, with PostgreSQL's message and when it is tried again.")
    public List<SchemaFailure> failures;

    @JsonPropertyDescription("The value of the workflowdb.io/retry-schema annotation last acted on.")
    public String retryRequest;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class SchemaFailure {

        @JsonPropertyDescription("What failed: migration, index or materializedView.")
        public String kind;

        @JsonPropertyDescription("The migration file, index or view as declared.")
        public String name;

        @JsonPropertyDescription("Why, in PostgreSQL's words.")
        public String message;

        @JsonPropertyDescription("When it first failed in its current definition (RFC 3339).")
        public String since;

        @JsonPropertyDescription("Consecutive failed attempts with its current definition.")
        public Integer attempts;

        @JsonPropertyDescription("When the operator tries it again unless its definition changes first (RFC 3339).")
        public String nextAttempt;

        @JsonPropertyDescription("Digest of the definition that failed; a changed definition is tried at once.")
        public String definition;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class MaterializedViewStatus {

        @JsonPropertyDescription("View name as declared.")
        public String name;

        @JsonPropertyDescription("When the latest refresh (or the creation) finished (RFC 3339).")
        public String lastRefreshTime;

        @JsonPropertyDescription("How long the latest refresh took, in milliseconds.")
        public Long lastRefreshMillis;

        @JsonPropertyDescription("Why the latest create or refresh failed, in PostgreSQL's words; absent when it succeeded.")
        public String error;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class IndexError {

        @JsonPropertyDescription("Index name as declared.")
        public String name;

        @JsonPropertyDescription("Why it could not be built, in PostgreSQL's words.")
        public String message;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class IndexCounts {

        @JsonPropertyDescription("Indexes that exist and are valid.")
        public Integer ready;

        @JsonPropertyDescription("Indexes being built.")
        public Integer building;

        @JsonPropertyDescription("Indexes whose build failed; errors says why.")
        public Integer failed;

        @JsonPropertyDescription("Each failed index with PostgreSQL's message.")
        public List<IndexError> errors;
    }
}
