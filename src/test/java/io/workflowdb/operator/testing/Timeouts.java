package io.workflowdb.operator.testing;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.workflowdb.operator.schedule.Durations;

/**
 * How long the tests wait for something to happen, named by what they wait for. Each one can be
 * raised on a slow machine with a system property {@code workflowdb-test.timeout.<name>} holding a
 * duration such as {@code 90s} or {@code 3m}, e.g. {@code -Dworkflowdb-test.timeout.failover=3m}.
 * These are patience, never a measured limit: a test that asserts how fast something was keeps
 * its limit as a constant of its own.
 */
public final class Timeouts {

    private static final String PROPERTY = "workflowdb-test.timeout.";
    private static final Map<String, Duration> BY_NAME = new ConcurrentHashMap<>();

    /** The operator turns a change on the mock API server into the objects and status it owns. */
    public static final Duration RECONCILE = of("reconcile", Duration.ofSeconds(30));

    /** An external database, its schema and a policy run or health sample through the operator. */
    public static final Duration POLICY_RUN = of("policy-run", Duration.ofSeconds(60));

    /** The example schema with a failing object, and every example policy on the same database. */
    public static final Duration ALL_POLICIES = of("all-policies", Duration.ofSeconds(90));

    /** The whole invalid corpus refused by the operator, each case on a database of its own. */
    public static final Duration CORPUS = of("corpus", Duration.ofSeconds(120));

    /** A local process (etcd, a stand-in) answers after it was started. */
    public static final Duration PROCESS_START = of("process-start", Duration.ofSeconds(30));

    /** A command run to its end (kubectl, patronictl). */
    public static final Duration COMMAND = of("command", Duration.ofSeconds(30));

    /** A helm run to its end. */
    public static final Duration HELM = of("helm", Duration.ofSeconds(60));

    /** The e2e Patroni cluster has its leader and streaming replicas. */
    public static final Duration CLUSTER_HEALTHY = of("cluster-healthy", Duration.ofSeconds(120));

    /** The primary Service stand-in of the e2e cluster finds the leader. */
    public static final Duration PRIMARY_PROXY = of("primary-proxy", Duration.ofSeconds(10));

    /** A client commits through PgBouncer (at the start, and before a leader is killed). */
    public static final Duration COMMITS = of("commits", Duration.ofSeconds(30));

    /** A client commits again after the leader was killed. */
    public static final Duration FAILOVER = of("failover", Duration.ofSeconds(90));

    /** The operator sees the new primary after a failover, or a partition upkeep after the kills. */
    public static final Duration OPERATOR_AFTER_FAILOVER = of("operator-after-failover",
            Duration.ofSeconds(Long.getLong("workflowdb-e2e.awaitOperatorSeconds", 120)));

    /** The operator writes the objects of a managed cluster, or pushes its dynamic configuration. */
    public static final Duration OPERATOR_MANAGED = of("operator-managed",
            Duration.ofSeconds(Long.getLong("workflowdb-e2e.awaitOperatorSeconds", 90)));

    /** The operator's WorkflowDatabase on the e2e cluster is Ready with the workflow schema. */
    public static final Duration DATABASE_READY = of("database-ready", Duration.ofSeconds(90));

    /** The e2e retention run archives its first batches. */
    public static final Duration RETENTION_STARTS = of("retention-starts", Duration.ofSeconds(60));

    /** The e2e retention run ends. */
    public static final Duration RETENTION_ENDS = of("retention-ends", Duration.ofSeconds(120));

    /** Patroni applies a changed setting on every member. */
    public static final Duration PATRONI_CONFIG = of("patroni-config", Duration.ofSeconds(60));

    /** The sandbox: the operator and its database Ready after start. */
    public static final Duration SANDBOX_START = of("sandbox-start", Duration.ofMinutes(3));

    /** The sandbox: a change shows in what kubectl prints. */
    public static final Duration SANDBOX_KUBECTL = of("sandbox-kubectl", Duration.ofSeconds(120));

    private Timeouts() {
    }

    /** The timeout of this name, such as {@code policy-run}. */
    public static Duration named(String name) {
        Duration timeout = BY_NAME.get(name);
        if (timeout == null) {
            throw new IllegalArgumentException("no timeout named " + name + "; known: " + BY_NAME.keySet());
        }
        return timeout;
    }

    /** The duration of property {@code workflowdb-test.timeout.<name>}, else {@code fallback}. */
    static Duration of(String name, Duration fallback) {
        Duration timeout = read(name, fallback);
        BY_NAME.put(name, timeout);
        return timeout;
    }

    private static Duration read(String name, Duration fallback) {
        String value = System.getProperty(PROPERTY + name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Durations.parse(value.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PROPERTY + name + ": " + e.getMessage(), e);
        }
    }
}
