package io.workflowdb.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/** How a populated, unpartitioned table is converted into the partitioned table the policy describes. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ConversionSpec {

    public static final int DEFAULT_BATCH_SIZE = 10_000;
    public static final int DEFAULT_LOCK_TIMEOUT_MILLIS = 200;
    public static final long DEFAULT_MAX_REPLICATION_LAG_BYTES = 256L * 1024 * 1024;

    public enum Mode {
        @JsonProperty("online")
        ONLINE
    }

    @Required
    @JsonPropertyDescription("online: copy the rows into a new partitioned table while the application keeps writing, then swap the names in one short transaction.")
    public Mode mode;

    @JsonPropertyDescription("Add the partition key to a primary key that lacks it (a partitioned table needs it). Without it such a table is refused. Default false.")
    public Boolean extendPrimaryKey;

    @JsonPropertyDescription("Pause the conversion between batches; changes to the table are still carried into the new one. Default false.")
    public Boolean suspended;

    @Min(100)
    @Max(1000000)
    @JsonPropertyDescription("Rows copied per batch (each batch is one short transaction), 100 to 1000000. Default 10000.")
    public Integer batchSize;

    @Min(0)
    @Max(60000)
    @JsonPropertyDescription("Pause between batches in milliseconds, 0 to 60000. Default 0.")
    public Integer pauseMillis;

    @Min(10)
    @Max(1000)
    @JsonPropertyDescription("How long each lock on the table is waited for before the attempt is retried, in milliseconds, 10 to 1000. Default 200.")
    public Integer lockTimeoutMillis;

    @Min(0)
    @JsonPropertyDescription("Pause while a replica of a managed cluster lags the primary by more than this many bytes. Default 268435456 (256 MiB).")
    public Long maxReplicationLagBytes;

    @JsonPropertyDescription("Copy only inside this window; outside it the conversion waits. Default: any time.")
    public TimeWindow window;

    public int batchSize() {
        return batchSize == null ? DEFAULT_BATCH_SIZE : batchSize;
    }

    public int pauseMillis() {
        return pauseMillis == null ? 0 : pauseMillis;
    }

    public int lockTimeoutMillis() {
        return lockTimeoutMillis == null ? DEFAULT_LOCK_TIMEOUT_MILLIS : lockTimeoutMillis;
    }

    public long maxReplicationLagBytes() {
        return maxReplicationLagBytes == null ? DEFAULT_MAX_REPLICATION_LAG_BYTES : maxReplicationLagBytes;
    }

    public boolean extendPrimaryKey() {
        return Boolean.TRUE.equals(extendPrimaryKey);
    }

    public boolean suspended() {
        return Boolean.TRUE.equals(suspended);
    }
}
