package io.workflowdb.operator.api.v1alpha1;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class PartitionPolicyStatus extends BaseStatus {

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

    @JsonPropertyDescription("The latest upkeep run.")
    public LastRun lastRun;

    @JsonPropertyDescription("When the next upkeep run is due (RFC 3339).")
    public String nextRun;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class LastRun {

        @JsonPropertyDescription("When the run started (RFC 3339).")
        public String startedAt;

        @JsonPropertyDescription("The metadata.generation of the spec the run worked to; a newer spec runs at once.")
        public Long generation;

        @JsonPropertyDescription("When the run finished (RFC 3339).")
        public String finishedAt;

        @JsonPropertyDescription("Partitions created.")
        public Integer created;

        @JsonPropertyDescription("Partitions dropped.")
        public Integer dropped;

        @JsonPropertyDescription("Partitions detached.")
        public Integer detached;

        @JsonPropertyDescription("Rows moved out of the default partition into new partitions.")
        public Long movedRows;

        @JsonPropertyDescription("Succeeded or Failed.")
        public String outcome;

        @JsonPropertyDescription("Why the run failed, when it did.")
        public String message;
    }
}
