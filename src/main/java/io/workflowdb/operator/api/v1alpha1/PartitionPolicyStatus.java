package io.workflowdb.operator.api.v1alpha1;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class PartitionPolicyStatus extends PolicyStatus<PartitionPolicyStatus.LastRun> {

    @JsonPropertyDescription("Partitioning in short, such as range/month or hash/4.")
    public String strategy;

    @JsonPropertyDescription("Partitions the policy manages.")
    public Integer partitions;

    @JsonPropertyDescription("Lower bound of the oldest range partition (RFC 3339).")
    public String oldest;

    @JsonPropertyDescription("Upper bound of the newest range partition (RFC 3339): inserts before it never reach the default partition.")
    public String coveredUntil;

    @JsonPropertyDescription("Rows in the default partition.")
    public Long defaultPartitionRows;

    @JsonPropertyDescription("Partitions of the table the operator did not create or whose bounds it does not expect; left alone.")
    public List<String> unmanagedPartitions;

    @JsonPropertyDescription("The online conversion of the table into a partitioned one, while one runs or after it ended.")
    public ConversionStatus conversion;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class LastRun extends RunRecord {

        @JsonPropertyDescription("Partitions created.")
        public Integer created;

        @JsonPropertyDescription("Partitions dropped.")
        public Integer dropped;

        @JsonPropertyDescription("Partitions detached.")
        public Integer detached;

        @JsonPropertyDescription("Rows moved out of the default partition into new partitions.")
        public Long movedRows;
    }
}
