package io.workflowdb.operator.e2e;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.awaitility.core.ConditionTimeoutException;

import io.workflowdb.operator.api.v1alpha1.MemberStatus;

/**
 * The members of a cluster as {@code patronictl list} shows them and as a WorkflowDatabase's
 * {@code status.members} reports them, both in patronictl's words: role, state, timeline and lag
 * in whole MB, by member name.
 */
final class MemberListing {

    private static final double MB = 1024 * 1024;

    private MemberListing() {
    }

    static Map<String, String> patronictl(PatroniCluster cluster) throws Exception {
        Map<String, String> listed = new TreeMap<>();
        for (Map<String, Object> row : cluster.patronictlList(cluster.nodes().get(0))) {
            Object lag = row.get("Lag in MB");
            listed.put((String) row.get("Member"), line(String.valueOf(row.get("Role")), row.get("State"), row.get("TL"),
                    lag == null || "".equals(lag) ? "-" : lag + " MB"));
        }
        return listed;
    }

    static Map<String, String> status(List<MemberStatus> members) {
        Map<String, String> reported = new TreeMap<>();
        for (MemberStatus m : members == null ? List.<MemberStatus>of() : members) {
            reported.put(m.name, line(ClusterView.patronictlRole(m.role), m.state, m.timeline,
                    m.lagBytes == null ? "-" : Math.round(m.lagBytes / MB) + " MB"));
        }
        return reported;
    }

    /**
     * Waits until {@code status} lists the members {@code patronictl list} lists, as they are at
     * that moment; returns that listing, or fails showing both.
     */
    static Map<String, String> awaitAgreement(PatroniCluster cluster, Supplier<List<MemberStatus>> status,
            Duration timeout) {
        AtomicReference<String> last = new AtomicReference<>("not compared yet");
        try {
            return await("status.members as patronictl list shows them").atMost(timeout)
                    .pollInterval(Duration.ofSeconds(2)).ignoreExceptions().until(() -> {
                        Map<String, String> listed = patronictl(cluster);
                        Map<String, String> reported = status(status.get());
                        last.set("patronictl list " + listed + ", status.members " + reported);
                        return listed.equals(reported) ? listed : null;
                    }, java.util.Objects::nonNull);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("status.members did not agree with patronictl list within " + timeout.toSeconds()
                    + " s: " + last.get(), e);
        }
    }

    private static String line(String role, Object state, Object timeline, String lag) {
        return role + " " + state + " TL " + timeline + " lag " + lag;
    }
}
