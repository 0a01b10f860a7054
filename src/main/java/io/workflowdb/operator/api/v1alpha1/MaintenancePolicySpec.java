package io.workflowdb.operator.api.v1alpha1;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.analyze) || has(self.vacuum) || has(self.refreshMaterializedViews) || (has(self.reindexInvalid) && self.reindexInvalid) || has(self.reports)",
        message = "set at least one of analyze, vacuum, refreshMaterializedViews, reindexInvalid or reports")
public class MaintenancePolicySpec implements ScheduledSpec {

    @Required
    @JsonPropertyDescription("The WorkflowDatabase, in this namespace, to maintain.")
    public LocalObjectReference databaseRef;

    @Size(max = 100)
    @JsonPropertyDescription("When maintenance runs: 5-field cron (UTC). Default daily, 0 1 * * *.")
    public String schedule;

    @JsonPropertyDescription("ANALYZE to refresh planner statistics.")
    public AnalyzeSpec analyze;

    @JsonPropertyDescription("VACUUM to reclaim dead tuples (never VACUUM FULL).")
    public VacuumSpec vacuum;

    @JsonPropertyDescription("REFRESH MATERIALIZED VIEW for the named views.")
    public RefreshSpec refreshMaterializedViews;

    @JsonPropertyDescription("Rebuild invalid indexes (left behind by failed concurrent builds) with REINDEX CONCURRENTLY. Default false.")
    public Boolean reindexInvalid;

    @JsonPropertyDescription("Reports written to status.")
    public ReportsSpec reports;

    @Pattern(Patterns.DURATION)
    @JsonPropertyDescription("Longest a run may take; actions not started by then are skipped until the next run, and no action runs past it. Default 30m.")
    public String maxDuration;

    @JsonPropertyDescription("Start no new runs. Default false.")
    public Boolean suspend;

    @Override
    public String schedule() {
        return schedule;
    }

    @Override
    public boolean suspended() {
        return Boolean.TRUE.equals(suspend);
    }

    @Override
    public LocalObjectReference databaseRef() {
        return databaseRef;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class AnalyzeSpec {

        @Size(max = 256)
        @JsonPropertyDescription("Tables to analyze, optionally schema-qualified; empty means the whole database.")
        public List<String> tables;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class VacuumSpec {

        @Size(max = 256)
        @JsonPropertyDescription("Tables to vacuum, optionally schema-qualified; empty means the whole database.")
        public List<String> tables;

        @JsonPropertyDescription("VACUUM (ANALYZE) in the same pass. Default true.")
        public Boolean analyze;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class RefreshSpec {

        @Required
        @Size(min = 1, max = 64)
        @JsonPropertyDescription("Materialized views to refresh, optionally schema-qualified.")
        public List<String> names;

        @JsonPropertyDescription("Refresh CONCURRENTLY so readers are not blocked; needs a unique index on the view. A view never populated is refreshed plainly. Default true.")
        public Boolean concurrently;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class ReportsSpec {

        @JsonPropertyDescription("List indexes never scanned since statistics were reset (primary-key, unique and constraint indexes left out).")
        public Boolean unusedIndexes;

        @JsonPropertyDescription("List the tables with the most dead tuples.")
        public Boolean bloat;

        @JsonPropertyDescription("Report the database size, the largest tables, and their growth since the last run.")
        public Boolean sizes;
    }
}
