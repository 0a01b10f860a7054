package io.workflowdb.operator.cluster.patroni;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/** Patroni's {@code GET /cluster}: the members as the DCS sees them. Unknown fields are ignored. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClusterState(List<Member> members, boolean paused) {

    /** Leader role names: {@code leader} since Patroni 3, {@code master} before, {@code standby_leader} in a standby cluster. */
    public static final Set<String> LEADER_ROLES = Set.of("leader", "master", "standby_leader");

    @JsonCreator
    static ClusterState fromJson(@JsonProperty("members") List<Member> members, @JsonProperty("pause") Boolean pause) {
        return new ClusterState(members == null ? List.of() : List.copyOf(members), Boolean.TRUE.equals(pause));
    }

    public Optional<Member> leader() {
        return members.stream().filter(m -> LEADER_ROLES.contains(m.role())).findFirst();
    }

    /**
     * One member.
     *
     * @param lagBytes   replication lag behind the leader in bytes; {@code null} for the leader and when unknown
     * @param lagUnknown Patroni reported the lag as {@code unknown}: the member reports no WAL position
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Member(String name, String role, String state, String host, Integer port, String apiUrl,
            Long timeline, Long lagBytes, boolean lagUnknown, boolean pendingRestart) {

        @JsonCreator
        static Member fromJson(@JsonProperty("name") String name, @JsonProperty("role") String role,
                @JsonProperty("state") String state, @JsonProperty("host") String host,
                @JsonProperty("port") Integer port, @JsonProperty("api_url") String apiUrl,
                @JsonProperty("timeline") Long timeline, @JsonProperty("lag") JsonNode lag,
                @JsonProperty("pending_restart") Boolean pendingRestart) {
            boolean numeric = lag != null && lag.canConvertToLong() && lag.isNumber();
            boolean unknown = lag != null && !lag.isNull() && !numeric;
            return new Member(name, role, state, host, port, apiUrl, timeline, numeric ? lag.asLong() : null, unknown,
                    Boolean.TRUE.equals(pendingRestart));
        }
    }
}
