package io.workflowdb.operator.api.v1alpha1;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class MaintenancePolicyStatus extends PolicyStatus<MaintenancePolicyStatus.LastRun> {

    @JsonPropertyDescription("Reports from the latest finished run.")
    public Reports reports;

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public static class LastRun extends RunRecord {

        @JsonPropertyDescription("Each action of the run with its outcome, in the order they ran.")
        public List<ActionResult> actions = new ArrayList<>();
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class ActionResult {

        public enum Outcome {
            Succeeded,
            Failed,
            Skipped
        }

        @JsonPropertyDescription("What was done, such as vacuum tasks or reindex public.idx_tasks_status.")
        public String name;

        @JsonPropertyDescription("Succeeded, Failed, or Skipped (the run's maxDuration had passed).")
        public Outcome outcome;

        @JsonPropertyDescription("How long the action took in milliseconds.")
        public Long durationMs;

        @JsonPropertyDescription("PostgreSQL's message when the action failed, or a note on what was done.")
        public String message;

        public ActionResult() {
        }

        public ActionResult(String name, Outcome outcome, Long durationMs, String message) {
            this.name = name;
            this.outcome = outcome;
            this.durationMs = durationMs;
            this.message = message;
        }
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public static class Reports {

        @JsonPropertyDescription("When the reports were collected (RFC 3339).")
        public String collectedAt;

        @JsonPropertyDescription("Since when the database's statistics have been collected (RFC 3339): their last reset, or the server's start when they were never reset. Scan counts cover this period only.")
        public String statsSince;

        @JsonPropertyDescription("How many indexes have no scans in all; unusedIndexes lists the largest ten.")
        public Integer unusedIndexesTotal;

        @JsonPropertyDescription("The largest indexes with no scans since statsSince, leaving out primary-key, unique, exclusion-constraint and invalid indexes.")
        public List<UnusedIndex> unusedIndexes;

        @JsonPropertyDescription("The ten tables with the most dead tuples.")
        public List<Bloat> bloat;

        @JsonPropertyDescription("Database size, the ten largest tables, and growth since the previous run.")
        public Sizes sizes;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class UnusedIndex {

        @JsonPropertyDescription("Index name, schema-qualified.")
        public String index;

        @JsonPropertyDescription("Table of the index, schema-qualified.")
        public String table;

        @JsonPropertyDescription("Index size in bytes.")
        public Long sizeBytes;

        @JsonPropertyDescription("Index scans since statsSince.")
        public Long scans;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Bloat {

        @JsonPropertyDescription("Table name, schema-qualified.")
        public String table;

        @JsonPropertyDescription("Dead tuples.")
        public Long deadTuples;

        @JsonPropertyDescription("Live tuples.")
        public Long liveTuples;

        @JsonPropertyDescription("Dead tuples as a percentage of all tuples.")
        public Double deadRatioPercent;

        @JsonPropertyDescription("The latest VACUUM of the table, manual or automatic (RFC 3339); empty when never.")
        public String lastVacuum;
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public static class Sizes {

        @JsonPropertyDescription("Database size in bytes.")
        public Long databaseBytes;

        @JsonPropertyDescription("Growth in bytes since the previous run's report; empty on the first.")
        public Long growthBytesSinceLastRun;

        @JsonPropertyDescription("The ten largest tables by total size (indexes and TOAST included; a partitioned table with all its partitions).")
        public List<TableSize> tables;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class TableSize {

        @JsonPropertyDescription("Table name, schema-qualified.")
        public String table;

        @JsonPropertyDescription("Total size in bytes.")
        public Long bytes;

        @JsonPropertyDescription("Growth in bytes since the previous run's report; empty when the table was not listed then.")
        public Long growthBytes;
    }
}
