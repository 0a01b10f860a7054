package io.workflowdb.operator.e2e;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** What a member's {@code GET /cluster} answers (Patroni 3.0.2): the members with role and state. */
@JsonIgnoreProperties(ignoreUnknown = true)
record ClusterView(List<Member> members) {

    static final String LEADER = "leader";
    static final String SYNC_STANDBY = "sync_standby";
    static final String REPLICA = "replica";
    static final String RUNNING = "running";

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Member(String name, String role, String state, String host, Integer port, Integer timeline) {

        boolean running() {
            return RUNNING.equals(state);
        }
    }

    /** How patronictl 3 prints a role of {@code GET /cluster}. */
    static String patronictlRole(String restRole) {
        return switch (restRole) {
            case LEADER -> "Leader";
            case SYNC_STANDBY -> "Sync Standby";
            case REPLICA -> "Replica";
            default -> throw new IllegalArgumentException("unexpected role " + restRole);
        };
    }

    List<Member> withRole(String role) {
        return members.stream().filter(m -> role.equals(m.role())).toList();
    }

    Optional<Member> leader() {
        List<Member> leaders = withRole(LEADER);
        return leaders.size() == 1 ? Optional.of(leaders.get(0)) : Optional.empty();
    }

    Optional<Member> member(String name) {
        return members.stream().filter(m -> m.name().equals(name)).findFirst();
    }
}
