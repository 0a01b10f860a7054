package io.workflowdb.operator.cluster.patroni;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The part of Patroni's YAML configuration the operator writes. Everything secret or per pod (member
 * name, connect addresses, passwords) is left out: the pod supplies it through the variables in
 * {@link PatroniEnv}. Exactly one of {@code kubernetes} and {@code etcd3} is set. {@code namespace} is
 * the root of the etcd keys ({@code <namespace><scope>/...}); only set with etcd, since Patroni would
 * copy it over {@code kubernetes.namespace} too.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PatroniConfig(String scope, String namespace, RestApi restapi, KubernetesDcs kubernetes, Etcd3Dcs etcd3,
        Bootstrap bootstrap, LocalPostgresql postgresql) {

    /** The same configuration without {@code bootstrap}, which Patroni reads only when it initialises a cluster. */
    public PatroniConfig withoutBootstrap() {
        return new PatroniConfig(scope, namespace, restapi, kubernetes, etcd3, null, postgresql);
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record RestApi(String listen, Credentials authentication, String certfile, String keyfile, String cafile) {

        public RestApi(String listen, Credentials authentication) {
            this(listen, authentication, null, null, null);
        }
    }

    /**
     * A user name; its password always comes from the environment. {@code sslmode} and
     * {@code sslrootcert} apply to the connections Patroni opens with it to another member.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Credentials(String username, String sslmode, String sslrootcert) {

        public Credentials(String username) {
            this(username, null, null);
        }
    }

    /** Leader state in Kubernetes objects of {@code namespace}, found by {@code labels}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record KubernetesDcs(String namespace, Map<String, String> labels, Boolean useEndpoints) {
    }

    /**
     * Leader state in etcd through its v3 API. The TLS entries are paths of files mounted from a
     * Secret; the user name and password come from the environment ({@link PatroniEnv#ETCD3_USERNAME}).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Etcd3Dcs(List<String> hosts, String protocol, String cacert, String cert, String key) {

        public Etcd3Dcs(List<String> hosts) {
            this(hosts, null, null, null, null);
        }
    }

    /**
     * Read once, when the first member initialises the cluster: {@code dcs} becomes the cluster-wide
     * dynamic configuration, {@code initdb} the options of initdb.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Bootstrap(DynamicConfig dcs, List<Object> initdb, List<String> pgHba) {
    }

    /** Cluster-wide settings that Patroni keeps in the DCS; {@code PATCH /config} changes them later. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record DynamicConfig(Integer ttl, Integer loopWait, Integer retryTimeout, Long maximumLagOnFailover,
            Boolean synchronousMode, Boolean synchronousModeStrict, Integer synchronousNodeCount,
            DynamicPostgresql postgresql) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record DynamicPostgresql(Boolean usePgRewind, Boolean useSlots, Map<String, String> parameters,
            List<String> pgHba) {
    }

    /** Settings of this member's PostgreSQL that depend on the image and the pod, not on the cluster. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record LocalPostgresql(String listen, String dataDir, String binDir, String pgpass, Boolean useUnixSocket,
            Authentication authentication, Map<String, String> parameters) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Authentication(Credentials superuser, Credentials replication, Credentials rewind) {
    }
}
