package io.workflowdb.operator.cluster.observe;

import java.util.List;
import java.util.Optional;

import io.workflowdb.operator.cluster.patroni.ClusterState;

/**
 * What Patroni's REST API said about a cluster during one reconcile.
 *
 * @param error why no member answered, or null when one did
 * @param members the members of {@code GET /cluster}
 * @param changedSettings dynamic settings the operator pushed with {@code PATCH /config} this time
 * @param configError why the dynamic configuration could not be read or changed, or null
 */
public record PatroniObservation(String error, List<Member> members, List<String> changedSettings,
        String configError) {

    public record Member(String name, String role, String state, Long lagBytes, Integer timeline,
            boolean pendingRestart) {

        public boolean isLeader() {
            return "leader".equals(role) || "master".equals(role) || "primary".equals(role) || "standby_leader".equals(role);
        }

        public boolean isRunning() {
            return "running".equals(state) || "streaming".equals(state);
        }
    }

    public PatroniObservation {
        members = List.copyOf(members);
        changedSettings = List.copyOf(changedSettings);
    }

    public static PatroniObservation unreachable(String error) {
        return new PatroniObservation(error, List.of(), List.of(), null);
    }

    public boolean reachable() {
        return error == null;
    }

    /** The same members with what changing the dynamic configuration did. */
    public PatroniObservation withConfiguration(List<String> changedSettings, String configError) {
        return new PatroniObservation(error, members, changedSettings, configError);
    }

    /**
     * The member the DCS names leader, running or not: the one a change of the dynamic configuration
     * is sent to.
     */
    public Optional<Member> namedLeader() {
        return members.stream().filter(m -> ClusterState.LEADER_ROLES.contains(m.role())).findFirst();
    }

    public Optional<Member> leader() {
        return members.stream().filter(Member::isLeader).filter(Member::isRunning).findFirst();
    }

    public long runningMembers() {
        return members.stream().filter(Member::isRunning).count();
    }

    public List<String> pendingRestart() {
        return members.stream().filter(Member::pendingRestart).map(Member::name).toList();
    }
}
