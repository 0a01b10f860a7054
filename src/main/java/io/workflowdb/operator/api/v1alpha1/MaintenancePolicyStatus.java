package io.workflowdb.operator.api.v1alpha1;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class MaintenancePolicyStatus extends BaseStatus {

    @JsonPropertyDescription("The latest maintenance run.")
    public LastRun lastRun;

    @JsonPropertyDescription("Reports from the latest run.")
    public Reports reports;

    @JsonPropertyDescription("When the next run is due (RFC 3339).")
    public String nextRun;

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public static class LastRun {

        @JsonPropertyDescription("When the run started (RFC 3339).")
        public String startedAt;

        @JsonPropertyDescription("When the run finished (RFC 3339).")
        public String finishedAt;

        @JsonPropertyDescription("Each action of the run with its outcome.")
        public List<ActionResult> actions;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class ActionResult {

        @JsonPropertyDescription("What was done, such as vacuum tasks.")
        public String name;

        @JsonPropertyDescription("Succeeded, Failed or Skipped.")
        public String outcome;

        @JsonPropertyDescription("How long the action took in milliseconds.")
        public Long durationMs;

        @JsonPropertyDescription("PostgreSQL's message when the action failed or was skipped.")
        public String message;
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public static class Reports {

        @JsonPropertyDescription("Indexes with no scans.")
        public List<UnusedIndex> unusedIndexes;

        @JsonPropertyDescription("Tables with the most dead tuples.")
        public List<Bloat> bloat;

        @JsonPropertyDescription("Database size and growth.")
        public Sizes sizes;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class UnusedIndex {

        @JsonPropertyDescription("Index name.")
        public String index;

        @JsonPropertyDescription("Table of the index.")
        public String table;

        @JsonPropertyDescription("Index size in bytes.")
        public Long sizeBytes;

        @JsonPropertyDescription("Index scans since statistics were reset.")
        public Long scans;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Bloat {

        @JsonPropertyDescription("Table name.")
        public String table;

        @JsonPropertyDescription("Dead tuples.")
        public Long deadTuples;

        @JsonPropertyDescription("Dead tuples as a percentage of all tuples.")
        public Double deadRatioPercent;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Sizes {

        @JsonPropertyDescription("Database size in bytes.")
        public Long databaseBytes;

        @JsonPropertyDescription("Growth in bytes since the previous run.")
        public Long growthBytesSinceLastRun;
    }
}
