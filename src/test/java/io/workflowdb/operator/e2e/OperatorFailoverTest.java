package io.workflowdb.operator.e2e;

import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.workflowdb.operator.api.v1alpha1.Condition;
import io.workflowdb.operator.api.v1alpha1.ConditionTypes;
import io.workflowdb.operator.api.v1alpha1.ExternalSpec;
import io.workflowdb.operator.api.v1alpha1.LocalObjectReference;
import io.workflowdb.operator.api.v1alpha1.MonitoringSpec;
import io.workflowdb.operator.api.v1alpha1.PartitionPolicy;
import io.workflowdb.operator.api.v1alpha1.PartitionPolicyStatus;
import io.workflowdb.operator.api.v1alpha1.RetentionPolicy;
import io.workflowdb.operator.api.v1alpha1.RetentionPolicySpec;
import io.workflowdb.operator.api.v1alpha1.RetentionPolicyStatus;
import io.workflowdb.operator.api.v1alpha1.RunRecord.Outcome;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabaseSpec;
import io.workflowdb.operator.cluster.access.Credentials;
import io.workflowdb.operator.cluster.model.ClusterDefaults;
import io.workflowdb.operator.cluster.pgbouncer.PgBouncerProcess;
import io.workflowdb.operator.retention.execute.RetentionDatabases;
import io.workflowdb.operator.status.StatusAggregator;
import io.workflowdb.operator.testing.Closeables;
import io.workflowdb.operator.testing.FlowDatabases;
import io.workflowdb.operator.testing.MetricsScrape;
import io.workflowdb.operator.testing.SpecEdits;
import io.workflowdb.operator.testing.Timeouts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operator against the real Patroni cluster while its leader is killed again and again. The
 * operator (this {@code @QuarkusTest}, on the fabric8 mock API server) manages the cluster's
 * database as an external WorkflowDatabase listing the three members, so its pool follows the
 * primary with PgJDBC's {@code targetServerType=primary}: it applies the example's schema (the
 * workflow tables with the seed guide's indexes and materialized view), keeps the example's
 * monthly partitions of workflow_events through a PartitionPolicy, samples health every 5 s, reads
 * the members from their Patroni REST API, and archives due completed tasks through a
 * RetentionPolicy in small batches, while a client commits new tasks through PgBouncer. Each round kills the leader's
 * Patroni and PostgreSQL with SIGKILL and measures how long until the client's first commit on
 * the new primary and until the operator's first successful health sample after the kill. At the
 * end every acknowledged task is there, the retention run has succeeded, no task was lost or
 * archived twice, partition upkeep for a changed policy runs on the last primary, and
 * {@code status.members} agrees with {@code patronictl list}.
 *
 * <p>This test found that the operator's pools kept the connections a dead primary broke and
 * handed them out again, so the operator never reached the new primary; {@code DatabasePools}
 * now drops such connections and checks each one it hands out.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(value = OperatorFailoverTest.QuietMockServer.class, restrictToAnnotatedClass = true)
class OperatorFailoverTest {

    static final String NS = "e2e-failover";
    static final String NAME = "workflow-db";
    static final String POLICY = "archive-completed-tasks";
    static final String PARTITION_EXAMPLE = "examples/partition-policy-workflow-events.yaml";
    static final String PARTITIONS = "workflow-events-monthly";
    static final int FAILOVERS = Integer.getInteger("workflowdb-e2e.operatorFailovers", 3);
    static final int DUE_TASKS = Integer.getInteger("workflowdb-e2e.dueTasks", 20_000);
    static final int BATCH_SIZE = 50;
    /** The client's tasks get ids from here, far above the identity sequence the due tasks use. */
    static final long FIRST_CLIENT_ID = 10_000_000L;
    static final String CLIENT_INSERT = "INSERT INTO tasks (id, project_id, title) VALUES (?, 1, 'written during failovers')"
            + " RETURNING id, " + AckingWriter.SERVER;
    static final String SAMPLED_AT = "workflowdb_health_sampled_timestamp_seconds";
    static final Duration FAILOVER_LIMIT = Duration.ofSeconds(45);
    static final Duration AWAIT_OPERATOR = Timeouts.OPERATOR_AFTER_FAILOVER;

    private static PooledCluster pooled;
    private static PatroniCluster cluster;
    private static AckingWriter writer;
    private static ScheduledExecutorService watcher;
    /** Every distinct state the two resources showed, in order, as {@code outcome/reason}. */
    private static final Set<String> policyStates = java.util.Collections.synchronizedSet(new LinkedHashSet<>());
    private static final Set<String> databaseStates = java.util.Collections.synchronizedSet(new LinkedHashSet<>());

    @Inject
    KubernetesClient client;

    @TestHTTPResource("/q/metrics")
    URI metrics;

    /** The mock API server logs every request; the status watcher of this test asks five times a second. */
    public static class QuietMockServer implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            // TLS as the operator runs by default (%test turns it off for the flow tests' stand-ins)
            return Map.of("quarkus.log.category.\"io.fabric8.mockwebserver\".level", "WARN",
                    "workflowdb.cluster.tls-default", "verify-full",
                    "workflowdb.cluster.tls-extra-names", String.join(",", ClusterTlsFiles.loopbackNames()));
        }

        /** Last, so that these settings replace those of the test resources every test class gets. */
        @Override
        public int order() {
            return Integer.MAX_VALUE;
        }

        @Override
        public void stop() {
        }
    }

    /**
     * One round: {@code secondsToCommit} from the kill until the client's first commit on the new
     * primary through PgBouncer; {@code secondsToOperator} until the operator's first health
     * sample that succeeded after the kill (its {@value #SAMPLED_AT} gauge passes the kill).
     */
    record Round(int round, String killed, String promoted, double secondsToCommit, double secondsToOperator,
            long archivedAtKill, double secondsToRejoin) {
    }

    @BeforeAll
    static void startClusterAndPooler() throws Exception {
        pooled = PooledCluster.start("operator-failover");
        cluster = pooled.cluster();
    }

    @AfterAll
    static void stopEverything() throws Exception {
        Closeables.closeAll(watcher == null ? null : watcher::shutdownNow, writer, pooled);
    }

    @Test
    void theOperatorKeepsArchivingAndSamplingAcrossFailovers() throws Exception {
        WorkflowDatabaseSpec clusterSpec = cluster.resource().getSpec();
        String database = ClusterDefaults.database(clusterSpec);
        String owner = ClusterDefaults.owner(clusterSpec);
        String ownerPassword = cluster.credentials().get(Credentials.OWNER);

        FlowDatabases.createSecret(client, NS, NAME + "-owner", owner, ownerPassword);
        // the cluster serves TLS: the operator verifies it (PostgreSQL and the Patroni REST API) by its CA
        client.secrets().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata().withName(NAME + "-server-ca").withNamespace(NS).endMetadata()
                .addToStringData("ca.crt", cluster.tls().caPem()).build()).create();
        client.resource(workflowDatabase(database)).inNamespace(NS).create();
        watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "status-watcher");
            t.setDaemon(true);
            return t;
        });
        watcher.scheduleWithFixedDelay(this::recordStates, 0, 200, TimeUnit.MILLISECONDS);
        long createdAt = System.nanoTime();
        await("WorkflowDatabase " + NAME + " Ready with the workflow schema").atMost(Timeouts.DATABASE_READY)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    WorkflowDatabase db = workflowDatabase();
                    return FlowDatabases.readyWithSchema(db);
                });
        System.out.printf("[e2e] WorkflowDatabase %s Ready (schema applied, primary %s) %.1f s after it was created%n",
                NAME, workflowDatabase().getStatus().primary, (System.nanoTime() - createdAt) / 1e9);

        PartitionPolicy partitions = FlowDatabases.example(PARTITION_EXAMPLE, PartitionPolicy.class);
        partitions.getMetadata().setNamespace(NS);
        client.resource(partitions).inNamespace(NS).create();
        PartitionPolicyStatus firstUpkeep = awaitUpkeep(1L);
        System.out.printf("[e2e] PartitionPolicy %s: %d monthly partitions of workflow_events, covered until %s%n",
                PARTITIONS, firstUpkeep.partitions, firstUpkeep.coveredUntil);

        PatroniNode leader = leader();
        try (Connection c = cluster.superuser(leader, database); Statement st = c.createStatement()) {
            st.execute("INSERT INTO projects (id, name) VALUES (1, 'e2e')");
            st.execute("INSERT INTO tasks (project_id, title, status, completed_at) SELECT 1, 'due ' || g, 'completed',"
                    + " now() - interval '120 days' FROM generate_series(1, " + DUE_TASKS + ") AS g");
        }

        writer = new AckingWriter("127.0.0.1", pooled.pgbouncerPort(), database, owner, ownerPassword, CLIENT_INSERT,
                FIRST_CLIENT_ID, cluster.clientAuthorityFile());
        writer.start();
        writer.awaitCommits(100, "the client commits tasks through PgBouncer");

        client.resource(retentionPolicy()).inNamespace(NS).create();
        await("the retention run archives its first batches").atMost(Timeouts.RETENTION_STARTS)
                .pollInterval(Duration.ofMillis(250)).until(() -> archived() > 0);

        List<Round> rounds = new ArrayList<>();
        for (int round = 1; round <= FAILOVERS; round++) {
            rounds.add(failOver(round));
        }
        writer.stop();

        RetentionPolicyStatus retention = await("the retention run ends").atMost(Timeouts.RETENTION_ENDS)
                .pollInterval(Duration.ofMillis(500)).until(() -> policy().getStatus(),
                        s -> s != null && s.lastRun != null && s.lastRun.outcome != Outcome.Running);

        ClusterView last = cluster.awaitHealthy(PooledCluster.AWAIT_HEALTHY);
        PatroniNode finalLeader = cluster.node(last.leader().orElseThrow().name());

        // partition upkeep on the primary the failovers left: one more month ahead
        PartitionPolicy changed = SpecEdits.edit(client, PartitionPolicy.class, NS, PARTITIONS,
                p -> p.getSpec().range.premake = p.getSpec().range.premake + 1);
        PartitionPolicyStatus upkeep = awaitUpkeep(changed.getMetadata().getGeneration());
        List<String> eventPartitions = partitionsOf(finalLeader, database, "workflow_events");
        Map<String, String> members = MemberListing.awaitAgreement(cluster,
                () -> workflowDatabase().getStatus().members, AWAIT_OPERATOR);
        Set<Long> clientRows = new HashSet<>();
        long tasks;
        long archivedRows;
        long dueLeft;
        long inBoth;
        long clientRowsArchived;
        try (Connection c = cluster.superuser(finalLeader, database); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT id FROM tasks WHERE id >= " + FIRST_CLIENT_ID)) {
                while (rs.next()) {
                    clientRows.add(rs.getLong(1));
                }
            }
            tasks = count(st, "SELECT count(*) FROM tasks");
            archivedRows = count(st, "SELECT count(*) FROM tasks_archive");
            dueLeft = count(st, "SELECT count(*) FROM tasks WHERE status = 'completed'");
            inBoth = count(st, "SELECT count(*) FROM tasks t JOIN tasks_archive a ON a.id = t.id");
            clientRowsArchived = count(st, "SELECT count(*) FROM tasks_archive WHERE id >= " + FIRST_CLIENT_ID);
        }
        List<AckingWriter.Ack> acks = writer.acks();
        Set<Long> missing = new java.util.TreeSet<>();
        acks.forEach(a -> {
            if (!clientRows.contains(a.id())) {
                missing.add(a.id());
            }
        });
        long unacknowledgedFound = clientRows.size() - (acks.size() - missing.size());
        report(rounds, acks.size(), clientRows.size(), tasks, archivedRows, retention, finalLeader.name());
        System.out.printf("[e2e] PartitionPolicy after the failovers: %d partitions on %s (status.partitions %d,"
                + " covered until %s); status.members = patronictl list: %s%n", eventPartitions.size(), finalLeader.name(),
                upkeep.partitions, upkeep.coveredUntil, members);

        assertThat(missing).as("acknowledged tasks missing on the final leader %s", finalLeader.name()).isEmpty();
        assertThat(inBoth).as("tasks both in tasks and in tasks_archive").isZero();
        assertThat(clientRowsArchived).as("the client's pending tasks are not due").isZero();
        assertThat(tasks + archivedRows - DUE_TASKS - acks.size())
                .as("count(tasks) + count(tasks_archive) - due tasks - acknowledged tasks: rows whose commit went"
                        + " through but whose acknowledgement was lost, at most one per failed statement (%d)",
                        writer.failures())
                .isBetween(0L, (long) writer.failures());
        assertThat(unacknowledgedFound).isBetween(0L, (long) writer.failures());
        assertThat(retention.lastRun.outcome).as("the retention run: %s", retention.lastRun.message)
                .isEqualTo(Outcome.Succeeded);
        assertThat(archivedRows).as("every due task archived").isEqualTo(DUE_TASKS);
        assertThat(dueLeft).isZero();
        assertThat(retention.totalRows).as("rows the operator counted").isBetween(0L, (long) DUE_TASKS);
        assertThat(upkeep.partitions).as("this month and one more ahead than at first")
                .isEqualTo(firstUpkeep.partitions + 1);
        assertThat(eventPartitions).as("workflow_events partitions on %s", finalLeader.name())
                .hasSize(upkeep.partitions + 1).contains("workflow_events_default");
        assertThat(members).as("status.members as patronictl list shows them").hasSize(3);
        assertThat(members.get(finalLeader.name())).startsWith("Leader running");
        assertThat(rounds).allSatisfy(r -> assertThat(r.secondsToCommit())
                .as("round %d: seconds from killing %s to the first commit on %s", r.round(), r.killed(), r.promoted())
                .isLessThan(FAILOVER_LIMIT.toSeconds()));
    }

    private Round failOver(int round) throws Exception {
        ClusterView before = cluster.awaitHealthy(PooledCluster.AWAIT_HEALTHY);
        PatroniNode old = cluster.node(before.leader().orElseThrow().name());
        String oldServer = old.member().postgresAddress();
        writer.awaitRecentCommitOn(oldServer, old.name());
        long archivedAtKill = archived(old);

        Instant killedAtInstant = Instant.now();
        long killedAt = System.nanoTime();
        old.kill();
        AckingWriter.Ack first = writer.awaitCommitElsewhere(killedAt, oldServer,
                "round " + round + ": a commit on another member after " + old.name() + " was killed");
        double secondsToCommit = (first.nanos() - killedAt) / 1e9;
        String promoted = cluster.nodeServing(first.server()).name();

        double killedEpoch = killedAtInstant.toEpochMilli() / 1e3;
        try {
            await("round " + round + ": a health sample of the operator after " + old.name() + " was killed")
                    .atMost(AWAIT_OPERATOR).pollInterval(Duration.ofMillis(100))
                    .until(() -> sampledAt().orElse(0.0) > killedEpoch);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("round " + round + ": no successful health sample of the operator within "
                    + AWAIT_OPERATOR.toSeconds() + " s after " + old.name() + " was killed, although the client committed"
                    + " on " + promoted + " after " + String.format("%.1f", secondsToCommit) + " s; " + operatorState(promoted),
                    e);
        }
        double secondsToOperator = (System.nanoTime() - killedAt) / 1e9;

        long restartedAt = System.nanoTime();
        old.start();
        cluster.awaitHealthy(PooledCluster.AWAIT_HEALTHY);
        double secondsToRejoin = (System.nanoTime() - restartedAt) / 1e9;
        Round r = new Round(round, old.name(), promoted, secondsToCommit, secondsToOperator, archivedAtKill,
                secondsToRejoin);
        System.out.printf("[e2e] operator failover %d: killed %s (%d of %d due tasks archived); first commit on %s"
                + " after %.1f s, first operator health sample after %.1f s; %s streaming again %.1f s after its"
                + " restart%n", round, old.name(), archivedAtKill, DUE_TASKS, promoted, secondsToCommit,
                secondsToOperator, old.name(), secondsToRejoin);
        return r;
    }

    private void report(List<Round> rounds, int acknowledged, int found, long tasks, long archivedRows,
            RetentionPolicyStatus retention, String leader) {
        StringBuilder out = new StringBuilder("\n[e2e] ===== operator during failovers =====\n");
        out.append(String.format("[e2e] %-5s %-14s %-14s %10s %16s %17s %12s%n", "round", "killed", "promoted",
                "archived", "to commit s", "to operator s", "to rejoin s"));
        for (Round r : rounds) {
            out.append(String.format("[e2e] %-5d %-14s %-14s %10d %16.1f %17.1f %12.1f%n", r.round(), r.killed(),
                    r.promoted(), r.archivedAtKill(), r.secondsToCommit(), r.secondsToOperator(), r.secondsToRejoin()));
        }
        OptionalDouble commitMean = rounds.stream().mapToDouble(Round::secondsToCommit).average();
        OptionalDouble operatorMean = rounds.stream().mapToDouble(Round::secondsToOperator).average();
        double operatorMax = rounds.stream().mapToDouble(Round::secondsToOperator).max().orElse(0);
        out.append(String.format("[e2e] to the first commit: mean %.1f s; to the operator's first health sample:"
                + " mean %.1f s, max %.1f s (interval 5 s)%n", commitMean.orElse(0), operatorMean.orElse(0), operatorMax));
        out.append(String.format("[e2e] client tasks acknowledged %d, found on the final leader %s: %d; failed"
                + " statements %d%n", acknowledged, leader, found, writer.failures()));
        out.append(String.format("[e2e] due tasks %d; tasks %d + tasks_archive %d = %d; retention run %s: %s;"
                + " status.totalRows %d%n", DUE_TASKS, tasks, archivedRows, tasks + archivedRows, retention.lastRun.outcome,
                retention.lastRun.message, retention.totalRows));
        out.append("[e2e] RetentionPolicy states seen (outcome/Ready reason): ").append(policyStates).append('\n');
        out.append("[e2e] WorkflowDatabase states seen (Ready status/reason): ").append(databaseStates).append('\n');
        System.out.println(out);
    }

    /** What the operator shows and holds when it does not get back to the primary, for a failure message. */
    private String operatorState(String primary) {
        StringBuilder out = new StringBuilder();
        WorkflowDatabase db = workflowDatabase();
        Condition ready = db == null || db.getStatus() == null ? null
                : StatusAggregator.find(db.getStatus(), ConditionTypes.READY);
        out.append("WorkflowDatabase Ready=").append(ready == null ? "-" : ready.status + " " + ready.reason + ": "
                + ready.message).append(", status.primary ").append(db == null || db.getStatus() == null ? "-"
                        : db.getStatus().primary);
        RetentionPolicy p = policy();
        if (p != null && p.getStatus() != null) {
            Condition policyReady = StatusAggregator.find(p.getStatus(), ConditionTypes.READY);
            out.append("; RetentionPolicy Ready=").append(policyReady == null ? "-" : policyReady.status + " "
                    + policyReady.reason + ": " + policyReady.message);
        }
        try (Connection c = cluster.superuser(cluster.node(primary), ClusterDefaults.database(cluster.resource().getSpec()));
                Statement st = c.createStatement()) {
            out.append("; the operator's connections to ").append(primary).append(": ")
                    .append(count(st, "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'workflowdb-operator'"));
        } catch (SQLException e) {
            out.append("; pg_stat_activity of ").append(primary).append(" unreadable: ").append(e.getMessage());
        }
        out.append("; states seen: RetentionPolicy ").append(policyStates).append(", WorkflowDatabase ").append(databaseStates);
        return out.toString();
    }

    private WorkflowDatabase workflowDatabase(String database) {
        WorkflowDatabase db = new WorkflowDatabase();
        db.setMetadata(new ObjectMetaBuilder().withName(NAME).withNamespace(NS).build());
        db.setSpec(new WorkflowDatabaseSpec());
        db.getSpec().external = new ExternalSpec();
        db.getSpec().external.hosts = cluster.topology().members().stream().map(LoopbackTopology.Member::postgresAddress)
                .toList();
        db.getSpec().external.database = database;
        // verify-full against the cluster's CA: the members' certificate names their loopback addresses
        db.getSpec().external.sslMode = ExternalSpec.SslMode.VERIFY_FULL;
        db.getSpec().external.caSecret = new LocalObjectReference(NAME + "-server-ca");
        db.getSpec().external.credentialsSecret = new LocalObjectReference(NAME + "-owner");
        // the example's schema: the workflow tables with the seed guide's indexes and materialized view
        db.getSpec().schema = cluster.resource().getSpec().schema;
        db.getSpec().external.patroniApi = cluster.topology().members().stream().map(LoopbackTopology.Member::restUrl)
                .toList();
        db.getSpec().monitoring = new MonitoringSpec();
        db.getSpec().monitoring.healthCheckInterval = "5s";
        return db;
    }

    private static RetentionPolicy retentionPolicy() {
        RetentionPolicy policy = new RetentionPolicy();
        policy.setMetadata(new ObjectMetaBuilder().withName(POLICY).withNamespace(NS).build());
        RetentionPolicySpec spec = RetentionDatabases.seedArchival();
        spec.databaseRef = new LocalObjectReference(NAME);
        spec.batchSize = BATCH_SIZE;
        spec.allowCascade = true;
        // a new policy starts its first run at once; the next would be next Sunday
        spec.schedule = "0 2 * * 0";
        spec.maxDurationPerRun = "30m";
        policy.setSpec(spec);
        return policy;
    }

    /** The PartitionPolicy's run for spec generation {@code generation}, once it succeeded. */
    private PartitionPolicyStatus awaitUpkeep(long generation) {
        return await("PartitionPolicy " + PARTITIONS + " upkeep for generation " + generation).atMost(AWAIT_OPERATOR)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> client.resources(PartitionPolicy.class).inNamespace(NS).withName(PARTITIONS).get().getStatus(),
                        s -> s != null && s.lastRun != null && Long.valueOf(generation).equals(s.lastRun.generation)
                                && s.lastRun.outcome == Outcome.Succeeded);
    }

    private List<String> partitionsOf(PatroniNode node, String database, String table) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = cluster.superuser(node, database); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT inhrelid::regclass::text FROM pg_inherits WHERE inhparent = '"
                        + table + "'::regclass")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    private WorkflowDatabase workflowDatabase() {
        return client.resources(WorkflowDatabase.class).inNamespace(NS).withName(NAME).get();
    }

    private RetentionPolicy policy() {
        return client.resources(RetentionPolicy.class).inNamespace(NS).withName(POLICY).get();
    }

    private void recordStates() {
        try {
            RetentionPolicy p = policy();
            if (p != null && p.getStatus() != null) {
                Condition ready = StatusAggregator.find(p.getStatus(), ConditionTypes.READY);
                String outcome = p.getStatus().lastRun == null ? "-" : String.valueOf(p.getStatus().lastRun.outcome);
                policyStates.add(outcome + "/" + (ready == null ? "-" : ready.reason));
            }
            WorkflowDatabase db = workflowDatabase();
            if (db != null && db.getStatus() != null) {
                Condition ready = StatusAggregator.find(db.getStatus(), ConditionTypes.READY);
                if (ready != null) {
                    databaseStates.add(ready.status + "/" + ready.reason);
                }
            }
        } catch (RuntimeException e) {
            // the next look will do
        }
    }

    /** The operator's {@value #SAMPLED_AT} gauge for the database, absent while it is not sampled. */
    private Optional<Double> sampledAt() throws Exception {
        Matcher m = Pattern.compile("(?m)^" + SAMPLED_AT + "\\{([^}]*)\\} (\\S+)$").matcher(MetricsScrape.scrape(metrics));
        while (m.find()) {
            if (m.group(1).contains("database=\"" + NAME + "\"") && m.group(1).contains("namespace=\"" + NS + "\"")) {
                return Optional.of(Double.parseDouble(m.group(2)));
            }
        }
        return Optional.empty();
    }

    private PatroniNode leader() {
        return cluster.node(cluster.view().flatMap(ClusterView::leader).orElseThrow().name());
    }

    /** Rows in tasks_archive on the current leader. */
    private long archived() throws SQLException {
        return archived(leader());
    }

    private long archived(PatroniNode node) throws SQLException {
        try (Connection c = cluster.superuser(node, ClusterDefaults.database(cluster.resource().getSpec()));
                Statement st = c.createStatement()) {
            return count(st, "SELECT count(*) FROM tasks_archive");
        }
    }

    private static long count(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
