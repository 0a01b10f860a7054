package io.workflowdb.operator.e2e;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import io.workflowdb.operator.api.v1alpha1.WorkflowDatabaseSpec;
import io.workflowdb.operator.cluster.access.Credentials;
import io.workflowdb.operator.cluster.model.ClusterDefaults;
import io.workflowdb.operator.cluster.pgbouncer.PgBouncerProcess;
import io.workflowdb.operator.testing.Closeables;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failover on real processes loses no acknowledged commit. A writer commits one row per
 * transaction through PgBouncer (rendered by the operator, in transaction pooling) and a stand-in
 * for the primary Service; the leader's Patroni and PostgreSQL are killed with SIGKILL, again and
 * again. Each time the synchronous standby takes over, the writer's commits resume on it, and the
 * old leader, started again, rejoins as a streaming replica (pg_rewind). At the end every id whose
 * COMMIT returned OK is on the final leader.
 */
class FailoverIT {

    static final int FAILOVERS = 5;
    static final Duration FAILOVER_LIMIT = Duration.ofSeconds(45);

    private static PooledCluster pooled;
    private static PatroniCluster cluster;
    private static AckingWriter writer;

    /**
     * One round. {@code secondsToPrimary}: from the kill until the primary Service stand-in saw the
     * new leader answer {@code GET /primary} (Patroni's part); {@code secondsToFirstCommit}: until
     * the writer's first commit on it through PgBouncer (what a client sees).
     */
    record Failover(int round, String killed, String promoted, double secondsToPrimary, double secondsToFirstCommit,
            double secondsToRejoin, boolean rewound) {
    }

    @BeforeAll
    static void startClusterPoolerAndSchema() throws Exception {
        pooled = PooledCluster.start("failover");
        cluster = pooled.cluster();

        try (Connection c = ownerThroughPgBouncer().getConnection(); Statement st = c.createStatement()) {
            st.execute(AckingWriter.CREATE_TABLE);
        }
    }

    /**
     * PgBouncer on TLS both ways: the client's connection verifies PgBouncer's certificate, the server
     * connection PgBouncer hands it is TLS on the primary, and a plain client is turned away.
     */
    @Test
    void thePoolerSpeaksTlsToClientsAndToThePrimary() throws Exception {
        try (Connection c = ownerThroughPgBouncer().getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT ssl, version FROM pg_catalog.pg_stat_ssl"
                        + " WHERE pid = pg_catalog.pg_backend_pid()")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBoolean(1)).as("PgBouncer's server connection on the primary is TLS").isTrue();
            assertThat(rs.getString(2)).startsWith("TLSv1.");
        }
        PGSimpleDataSource plain = ownerThroughPgBouncer();
        plain.setSslMode("disable");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> plain.getConnection().close())
                .as("a client without TLS").isInstanceOf(java.sql.SQLException.class);
    }

    @AfterAll
    static void stopEverything() throws Exception {
        Closeables.closeAll(writer, pooled);
    }

    @Test
    void killingTheLeaderAgainAndAgainLosesNoAcknowledgedCommit() throws Exception {
        WorkflowDatabaseSpec spec = cluster.resource().getSpec();
        writer = new AckingWriter("127.0.0.1", pooled.pgbouncerPort(), ClusterDefaults.database(spec), ClusterDefaults.owner(spec),
                cluster.credentials().get(Credentials.OWNER), cluster.clientAuthorityFile());
        writer.start();
        writer.awaitCommits(100, "the writer commits through PgBouncer");

        List<Failover> failovers = new ArrayList<>();
        for (int round = 1; round <= FAILOVERS; round++) {
            failovers.add(failOver(round));
        }
        writer.stop();

        ClusterView last = cluster.awaitHealthy(PooledCluster.AWAIT_HEALTHY);
        PatroniNode leader = cluster.node(last.leader().orElseThrow().name());
        Set<Long> found = new HashSet<>();
        try (Connection c = cluster.superuser(leader, ClusterDefaults.database(spec)); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT id FROM " + AckingWriter.TABLE)) {
            while (rs.next()) {
                found.add(rs.getLong(1));
            }
        }
        List<AckingWriter.Ack> acks = writer.acks();
        Set<Long> missing = new TreeSet<>();
        acks.forEach(a -> {
            if (!found.contains(a.id())) {
                missing.add(a.id());
            }
        });
        report(failovers, acks.size(), found.size(), missing, leader.name());

        assertThat(missing).as("acknowledged ids missing on the final leader %s", leader.name()).isEmpty();
        assertThat(acks).as("the writer kept committing between the failovers").hasSizeGreaterThan(FAILOVERS * 100);
        assertThat(failovers).allSatisfy(f -> assertThat(f.secondsToFirstCommit())
                .as("round %d: seconds from killing %s to the first commit on %s", f.round(), f.killed(), f.promoted())
                .isLessThan(FAILOVER_LIMIT.toSeconds()));
    }

    private Failover failOver(int round) throws Exception {
        ClusterView before = cluster.awaitHealthy(PooledCluster.AWAIT_HEALTHY);
        PatroniNode old = cluster.node(before.leader().orElseThrow().name());
        String oldServer = old.member().postgresAddress();
        String syncStandby = before.withRole(ClusterView.SYNC_STANDBY).get(0).name();
        writer.awaitRecentCommitOn(oldServer, old.name());

        long killedAt = System.nanoTime();
        old.kill();
        long killDone = System.nanoTime();
        AckingWriter.Ack first = writer.awaitCommitElsewhere(killedAt, oldServer,
                "round " + round + ": a commit on another member after " + old.name() + " was killed");
        double secondsToFirstCommit = (first.nanos() - killedAt) / 1e9;
        String promoted = cluster.nodeServing(first.server()).name();
        assertThat(promoted).as("round %d: synchronous_mode promotes only the synchronous standby", round)
                .isEqualTo(syncStandby);
        assertThat(writer.acks()).as("round %d: no commit acknowledged by %s after it died", round, old.name())
                .noneMatch(a -> a.nanos() > killDone && a.server().equals(oldServer));

        double secondsToPrimary = pooled.proxy().changes().stream()
                .filter(c -> c.nanos() > killedAt && c.member() != null && c.member().name().equals(promoted))
                .findFirst().map(c -> (c.nanos() - killedAt) / 1e9).orElseThrow();

        long restartedAt = System.nanoTime();
        old.start();
        ClusterView after = cluster.awaitHealthy(PooledCluster.AWAIT_HEALTHY);
        double secondsToRejoin = (System.nanoTime() - restartedAt) / 1e9;
        assertThat(after.leader().orElseThrow().name()).as("round %d: leader after %s rejoined", round, old.name())
                .isEqualTo(promoted);
        assertThat(after.member(old.name()).orElseThrow().role()).isIn(ClusterView.REPLICA, ClusterView.SYNC_STANDBY);
        boolean rewound = old.logSinceLastStart().contains("running pg_rewind from");
        Failover f = new Failover(round, old.name(), promoted, secondsToPrimary, secondsToFirstCommit, secondsToRejoin,
                rewound);
        System.out.printf("[e2e] failover %d: killed %s; %s primary after %.1f s, first commit on it through PgBouncer"
                + " after %.1f s; %s back as a streaming replica %.1f s after its restart%s%n", round, old.name(),
                promoted, secondsToPrimary, secondsToFirstCommit, old.name(), secondsToRejoin,
                rewound ? " (pg_rewind ran)" : " (no pg_rewind needed)");
        return f;
    }

    private static void report(List<Failover> failovers, int acknowledged, int found, Set<Long> missing, String leader) {
        StringBuilder out = new StringBuilder("\n[e2e] ===== failover summary =====\n");
        out.append(String.format("[e2e] %-5s %-14s %-14s %12s %18s %12s %s%n", "round", "killed", "promoted",
                "to primary s", "to first commit s", "to rejoin s", "pg_rewind"));
        for (Failover f : failovers) {
            out.append(String.format("[e2e] %-5d %-14s %-14s %12.1f %18.1f %12.1f %s%n", f.round(), f.killed(),
                    f.promoted(), f.secondsToPrimary(), f.secondsToFirstCommit(), f.secondsToRejoin(),
                    f.rewound() ? "yes" : "no"));
        }
        double max = failovers.stream().mapToDouble(Failover::secondsToFirstCommit).max().orElse(0);
        double mean = failovers.stream().mapToDouble(Failover::secondsToFirstCommit).average().orElse(0);
        double meanPrimary = failovers.stream().mapToDouble(Failover::secondsToPrimary).average().orElse(0);
        out.append(String.format("[e2e] failover to first commit: mean %.1f s, max %.1f s (limit %d s); to a new"
                + " primary: mean %.1f s%n", mean, max, FAILOVER_LIMIT.toSeconds(), meanPrimary));
        out.append(String.format("[e2e] rows acknowledged %d, rows found on the final leader %s: %d, acknowledged"
                + " but missing: %d; failed statements %d; proxy connections forwarded %d, refused %d%n", acknowledged,
                leader, found, missing.size(), writer.failures(), pooled.proxy().forwarded(), pooled.proxy().refused()));
        System.out.println(out);
    }

    private static PGSimpleDataSource ownerThroughPgBouncer() {
        WorkflowDatabaseSpec spec = cluster.resource().getSpec();
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] { "127.0.0.1" });
        ds.setPortNumbers(new int[] { pooled.pgbouncerPort() });
        ds.setDatabaseName(ClusterDefaults.database(spec));
        ds.setUser(ClusterDefaults.owner(spec));
        ds.setPassword(cluster.credentials().get(Credentials.OWNER));
        ds.setPrepareThreshold(0);
        ds.setConnectTimeout(10);
        ds.setSslMode("verify-full");
        ds.setSslRootCert(cluster.clientAuthorityFile().toString());
        return ds;
    }
}
