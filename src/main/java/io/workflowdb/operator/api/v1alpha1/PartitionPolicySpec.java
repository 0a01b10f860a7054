package io.workflowdb.operator.api.v1alpha1;

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
@ValidationRule(value = "has(self.range) != has(self.hash)", message = "set exactly one of range or hash")
@ValidationRule(value = "!has(self.subpartition) || has(self.range)",
        message = "subpartition needs range partitioning", fieldPath = ".subpartition")
@ValidationRule(value = "!has(self.retention) || has(self.range)",
        message = "retention applies to range partitioning only", fieldPath = ".retention")
@ValidationRule(value = "!has(self.hash) || !has(self.defaultPartition) || !self.defaultPartition",
        message = "a hash-partitioned table cannot have a default partition", fieldPath = ".defaultPartition")
public class PartitionPolicySpec implements ScheduledSpec {

    @Required
    @JsonPropertyDescription("The WorkflowDatabase, in this namespace, that holds the table.")
    public LocalObjectReference databaseRef;

    @Required
    @Pattern(Patterns.QUALIFIED_IDENTIFIER)
    @JsonPropertyDescription("Partitioned table, optionally schema-qualified (public.workflow_events).")
    public String table;

    @Required
    @Pattern(Patterns.IDENTIFIER)
    @JsonPropertyDescription("Partition key column: a timestamp for range, any hashable column for hash.")
    public String column;

    @JsonPropertyDescription("Time-range partitioning. Exactly one of range or hash.")
    public RangeSpec range;

    @JsonPropertyDescription("Hash partitioning. Exactly one of range or hash.")
    public HashSpec hash;

    @JsonPropertyDescription("Split each range partition further by hash.")
    public SubpartitionSpec subpartition;

    @JsonPropertyDescription("Keep a default partition that catches rows outside every range. Default true for range; not allowed with hash.")
    public Boolean defaultPartition;

    @JsonPropertyDescription("Remove range partitions older than keep intervals.")
    public PartitionRetention retention;

    @Size(max = 100)
    @JsonPropertyDescription("When partition upkeep runs: 5-field cron (UTC). Default hourly, 0 * * * *.")
    public String schedule;

    @Pattern(Patterns.QUALIFIED_IDENTIFIER)
    @JsonPropertyDescription("When the table does not exist, create it partitioned with the columns, defaults, constraints and indexes of this table (its primary key must contain the partition key).")
    public String template;

    @JsonPropertyDescription("Convert the table when it exists unpartitioned and holds rows; without it such a table is reported as NotPartitioned. Remove it before the swap to abort.")
    public ConversionSpec conversion;

    @Override
    public String schedule() {
        return schedule;
    }

    @Override
    public LocalObjectReference databaseRef() {
        return databaseRef;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class RangeSpec {

        public enum Interval {
            @JsonProperty("day")
            DAY,
            @JsonProperty("week")
            WEEK,
            @JsonProperty("month")
            MONTH,
            @JsonProperty("quarter")
            QUARTER,
            @JsonProperty("year")
            YEAR
        }

        @Required
        @JsonPropertyDescription("Width of each partition: day, week, month, quarter or year.")
        public Interval interval;

        @Min(1)
        @Max(366)
        @JsonPropertyDescription("Future partitions kept ready ahead of now. Default 3.")
        public Integer premake;

        @Size(max = 64)
        @JsonPropertyDescription("IANA time zone in which partition boundaries fall, such as Europe/Berlin. Default UTC.")
        public String timeZone;
    }

    public static class HashSpec {

        @Required
        @Min(2)
        @Max(1024)
        @JsonPropertyDescription("Number of hash partitions, 2 to 1024.")
        public Integer modulus;
    }

    public static class SubpartitionSpec {

        @Required
        @JsonPropertyDescription("Hash subpartitioning of each range partition.")
        public SubpartitionHash hash;
    }

    public static class SubpartitionHash {

        @Required
        @Pattern(Patterns.IDENTIFIER)
        @JsonPropertyDescription("Column hashed to pick the subpartition.")
        public String column;

        @Required
        @Min(2)
        @Max(64)
        @JsonPropertyDescription("Number of subpartitions in each range partition, 2 to 64.")
        public Integer modulus;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class PartitionRetention {

        public enum Action {
            @JsonProperty("drop")
            DROP,
            @JsonProperty("detach")
            DETACH
        }

        @Required
        @Min(1)
        @Max(10000)
        @JsonPropertyDescription("Number of past intervals to keep, counting the current one.")
        public Integer keep;

        @JsonPropertyDescription("What to do with older partitions: drop (default) or detach (keep the table, outside the parent).")
        public Action action;
    }
}
