package io.workflowdb.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.dcs) || self.dcs != 'etcd' || (has(self.etcd) && has(self.etcd.hosts) && size(self.etcd.hosts) > 0)",
        message = "etcd.hosts is required when dcs is etcd", fieldPath = ".etcd")
@ValidationRule(value = "!has(self.loopWait) || !has(self.ttl) || self.loopWait < self.ttl",
        message = "loopWait must be lower than ttl", fieldPath = ".loopWait")
public class PatroniSpec {

    public enum Dcs {
        @JsonProperty("kubernetes")
        KUBERNETES,
        @JsonProperty("etcd")
        ETCD
    }

    public enum SynchronousMode {
        @JsonProperty("off")
        OFF,
        @JsonProperty("on")
        ON,
        @JsonProperty("strict")
        STRICT
    }

    @JsonPropertyDescription("Where Patroni keeps leader state: kubernetes (Endpoints/ConfigMaps, the default) or etcd (etcd v3 API at etcd.hosts).")
    public Dcs dcs;

    @JsonPropertyDescription("The etcd cluster Patroni uses when dcs is etcd.")
    public EtcdSpec etcd;

    @Min(10)
    @Max(3600)
    @JsonPropertyDescription("Leader lock time-to-live in seconds. Default 30.")
    public Integer ttl;

    @Min(1)
    @Max(600)
    @JsonPropertyDescription("Seconds Patroni sleeps between loops. Default 10.")
    public Integer loopWait;

    @Min(1)
    @Max(600)
    @JsonPropertyDescription("Seconds to retry DCS and PostgreSQL operations before demoting. Default 30.")
    public Integer retryTimeout;

    @Min(0)
    @JsonPropertyDescription("Bytes a replica may lag and still be promoted. Default 1048576.")
    public Long maximumLagOnFailover;

    @JsonPropertyDescription("Synchronous replication through Patroni: off (default), on (synchronous_mode) or strict (synchronous_mode_strict, writes stop without a synchronous replica).")
    public SynchronousMode synchronousMode;

    @Min(1)
    @Max(8)
    @JsonPropertyDescription("Number of synchronous replicas when synchronousMode is on or strict. Default 1.")
    public Integer synchronousNodeCount;

    @JsonPropertyDescription("Rejoin a former primary with pg_rewind instead of re-cloning it. Default true.")
    public Boolean usePgRewind;
}
