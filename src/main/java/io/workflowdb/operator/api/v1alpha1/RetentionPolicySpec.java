package io.workflowdb.operator.api.v1alpha1;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.action != 'archive' || has(self.archive)",
        message = "archive.table is required when action is archive", fieldPath = ".archive")
@ValidationRule(value = "!has(self.archive) || self.archive.table != self.table",
        message = "archive.table must differ from table", fieldPath = ".archive.table")
public class RetentionPolicySpec implements ScheduledSpec {

    public enum Action {
        @JsonProperty("archive")
        ARCHIVE,
        @JsonProperty("delete")
        DELETE
    }

    @Required
    @JsonPropertyDescription("The WorkflowDatabase, in this namespace, that holds the table.")
    public LocalObjectReference databaseRef;

    @Required
    @Pattern(Patterns.QUALIFIED_IDENTIFIER)
    @JsonPropertyDescription("Table whose old rows are archived or deleted, optionally schema-qualified.")
    public String table;

    @Required
    @Pattern(Patterns.IDENTIFIER)
    @JsonPropertyDescription("Timestamp column that dates each row, such as completed_at.")
    public String timestampColumn;

    @Required
    @Pattern(Patterns.DURATION)
    @JsonPropertyDescription("Rows whose timestamp is older than this (such as 90d) are due.")
    public String olderThan;

    @Size(max = 16)
    @JsonPropertyDescription("Further filters a row must match, all of them; values are bound as parameters.")
    public List<WhereFilter> where;

    @Required
    @JsonPropertyDescription("archive (copy to archive.table, then delete) or delete.")
    public Action action;

    @JsonPropertyDescription("Where archived rows go; required when action is archive.")
    public ArchiveSpec archive;

    @Min(1)
    @Max(100000)
    @JsonPropertyDescription("Rows moved per transaction. Default 5000.")
    public Integer batchSize;

    @Pattern(Patterns.DURATION)
    @JsonPropertyDescription("Longest a run works before it stops and continues at the next schedule, such as 5m. Default 5m.")
    public String maxDurationPerRun;

    @Size(max = 100)
    @JsonPropertyDescription("When runs start: 5-field cron (UTC). Default weekly, 0 2 * * 0.")
    public String schedule;

    @JsonPropertyDescription("Start no new runs. Default false.")
    public Boolean suspend;

    @JsonPropertyDescription("Count the rows a run would move and change nothing. Default false.")
    public Boolean dryRun;

    @JsonPropertyDescription("Let deletes cascade through foreign keys of other tables declared ON DELETE CASCADE, SET NULL or"
            + " SET DEFAULT (their rows are deleted or changed, not archived). Default false: a run refuses to start and"
            + " names those constraints.")
    public Boolean allowCascade;

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
    public static class ArchiveSpec {

        @Required
        @Pattern(Patterns.QUALIFIED_IDENTIFIER)
        @JsonPropertyDescription("Archive table, optionally schema-qualified, such as tasks_archive.")
        public String table;

        @JsonPropertyDescription("Create the archive table like the source when it is missing. Default true.")
        public Boolean createIfMissing;
    }
}
