package io.workflowdb.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class MonitoringSpec {

    @Pattern(Patterns.DURATION)
    @JsonPropertyDescription("How often health is sampled, 5s to 1h. Default 30s.")
    public String healthCheckInterval;

    @JsonPropertyDescription("Thresholds above (or, for ratios, below) which a check turns WARNING.")
    public Thresholds thresholds;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Thresholds {

        @Min(1)
        @Max(100000)
        @JsonPropertyDescription("Active connections. Default 50.")
        public Integer activeConnections;

        @Min(1)
        @JsonPropertyDescription("Database size in MB. Default 10000.")
        public Long databaseSizeMB;

        @Min(1)
        @Max(3600000)
        @JsonPropertyDescription("Mean execution time in ms above which a statement counts as slow. Default 1000.")
        public Integer slowQueryMeanMs;

        @Min(0)
        @Max(100000)
        @JsonPropertyDescription("Number of slow statements tolerated. Default 10.")
        public Integer slowQueries;

        @Min(1)
        @Max(100)
        @JsonPropertyDescription("Cache hit ratio in percent below which the check warns. Default 95.")
        public Integer cacheHitRatioPercent;

        @Min(1)
        @Max(100)
        @JsonPropertyDescription("Connections in use as a percentage of max_connections. Default 80.")
        public Integer connectionUsagePercent;

        @Min(0)
        @JsonPropertyDescription("Replication lag per replica in bytes. Default 16777216.")
        public Long replicationLagBytes;

        @Min(1)
        @Max(86400)
        @JsonPropertyDescription("Replication lag per replica in seconds of replay, at most 86400. Default 30.")
        public Integer replicationLagSeconds;

        @Min(1)
        @Max(86400)
        @JsonPropertyDescription("Age of the oldest open transaction in seconds, at most 86400. Default 300.")
        public Integer oldestTransactionSeconds;

        @Min(1)
        @Max(100)
        @JsonPropertyDescription("Transaction-ID age as a percentage of wraparound. Default 50.")
        public Integer xidAgePercent;

        @Min(1)
        @Max(100)
        @JsonPropertyDescription("Dead tuples as a percentage of a table's tuples. Default 20.")
        public Integer deadTupleRatioPercent;

        @Min(0)
        @Max(100000)
        @JsonPropertyDescription("Lock requests waiting at once. Default 5.")
        public Integer waitingLocks;
    }
}
