package io.workflowdb.operator.retention;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.workflowdb.operator.api.v1alpha1.ConditionTypes;
import io.workflowdb.operator.api.v1alpha1.LocalObjectReference;
import io.workflowdb.operator.api.v1alpha1.RetentionPolicy;
import io.workflowdb.operator.api.v1alpha1.RetentionPolicySpec;
import io.workflowdb.operator.api.v1alpha1.RetentionPolicyStatus;
import io.workflowdb.operator.api.v1alpha1.RunRecord.Outcome;
import io.workflowdb.operator.policy.ScheduledRuns;
import io.workflowdb.operator.retention.execute.RetentionDatabases;
import io.workflowdb.operator.status.StatusAggregator;
import io.workflowdb.operator.testing.MutableClock;
import io.workflowdb.operator.testing.PolicyRuns;

import static io.workflowdb.operator.retention.execute.RetentionDatabases.count;
import static io.workflowdb.operator.retention.execute.RetentionDatabases.insertTasks;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator's run logic against a real database with an injected clock. Every "restart" is a
 * new {@link RetentionRun} given only the status that was persisted (a JSON round trip), as after
 * an operator restart.
 */
class RetentionRunTest {

    private DataSource db;
    private MutableClock clock;
    private PolicyRuns runs;

    @BeforeEach
    void setUp() {
        db = RetentionDatabases.freshWorkflowSchema("retention_run");
        // The coming Sunday, 01:00 UTC: an hour before the seed's weekly fire.
        Instant sunday = Instant.now().atZone(ZoneOffset.UTC).with(TemporalAdjusters.next(DayOfWeek.SUNDAY))
                .truncatedTo(ChronoUnit.DAYS).withHour(1).toInstant();
        clock = new MutableClock(sunday);
        runs = new PolicyRuns(clock);
    }

    @Test
    void scheduledRunsAcrossRestartsNeitherSkipNorRepeat() {
        insertTasks(db, 300, "completed", 120);
        RetentionPolicy policy = policy();

        Duration next = runs.settle(policy, run());
        assertThat(policy.getStatus().lastRun.outcome).isEqualTo(Outcome.Succeeded);
        assertThat(policy.getStatus().lastRun.rows).isEqualTo(300);
        assertThat(policy.getStatus().lastRun.batches).isEqualTo(3);
        assertThat(policy.getStatus().nextRun).isEqualTo(clock.instant().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1)).toString());
        assertThat(next).isBetween(Duration.ofMinutes(59), Duration.ofMinutes(61));

        insertTasks(db, 120, "completed", 120);
        clock.set(clock.instant().plus(Duration.ofMinutes(30)));
        policy = PolicyRuns.restart(policy);
        runs.settle(policy, run());
        assertThat(policy.getStatus().lastRun.rows).as("no run before the fire").isEqualTo(300);
        assertThat(count(db, "SELECT count(*) FROM tasks")).isEqualTo(120);

        clock.set(clock.instant().plus(Duration.ofMinutes(31)));
        policy = PolicyRuns.restart(policy);
        runs.settle(policy, run());
        assertThat(policy.getStatus().lastRun.rows).as("the 02:00 run").isEqualTo(120);
        assertThat(policy.getStatus().totalRows).isEqualTo(420);

        clock.set(clock.instant().plus(Duration.ofHours(3)));
        policy = PolicyRuns.restart(policy);
        runs.settle(policy, run());
        assertThat(policy.getStatus().lastRun.startedAt).as("not repeated after a restart")
                .isEqualTo(clock.instant().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS).toString());
        assertThat(runs.events()).containsExactly("RunSucceeded", "RunSucceeded");
        assertThat(count(db, "SELECT count(*) FROM tasks_archive")).isEqualTo(420);
        assertThat(count(db, "SELECT count(*) FROM workflow_events WHERE event_type = 'data_archival'")).isEqualTo(2);
        assertThat(runs.registry().counter("workflowdb.retention.rows", "namespace", "apps", "policy", "archive-tasks", "table",
                "tasks", "action", "archive").count()).as("workflowdb_retention_rows_total").isEqualTo(420.0);
    }

    @Test
    void aRunInterruptedBetweenSlicesContinuesAfterARestart() {
        insertTasks(db, 250, "completed", 120);
        RetentionPolicy policy = policy();
        RetentionRun first = run(Duration.ZERO);
        StatusAggregator conditions = new StatusAggregator(policy, clock);
        runs.step(policy, conditions, first);
        runs.step(policy, conditions, first);
        assertThat(policy.getStatus().lastRun.outcome).as("started, no slice budget").isEqualTo(Outcome.Running);
        String startedAt = policy.getStatus().lastRun.startedAt;

        clock.set(clock.instant().plus(Duration.ofMinutes(2)));
        policy = PolicyRuns.restart(policy);
        runs.settle(policy, run());

        assertThat(policy.getStatus().lastRun.startedAt).isEqualTo(startedAt);
        assertThat(policy.getStatus().lastRun.outcome).isEqualTo(Outcome.Succeeded);
        assertThat(policy.getStatus().lastRun.rows).isEqualTo(250);
        assertThat(runs.events()).containsExactly("RunSucceeded");
    }

    @Test
    void aRunPastMaxDurationEndsIncompleteAndTheNextRunContinues() {
        insertTasks(db, 250, "completed", 120);
        RetentionPolicy policy = policy();
        RetentionRun run = run(Duration.ZERO);
        StatusAggregator conditions = new StatusAggregator(policy, clock);
        runs.step(policy, conditions, run);
        clock.set(clock.instant().plus(Duration.ofMinutes(6)));
        runs.step(policy, conditions, run);

        assertThat(policy.getStatus().lastRun.outcome).isEqualTo(Outcome.Incomplete);
        assertThat(policy.getStatus().lastRun.message).contains("maxDurationPerRun");
        assertThat(count(db, "SELECT count(*) FROM tasks")).isEqualTo(250);

        clock.set(clock.instant().plus(Duration.ofHours(1)));
        policy = PolicyRuns.restart(policy);
        runs.settle(policy, run());
        assertThat(policy.getStatus().lastRun.outcome).isEqualTo(Outcome.Succeeded);
        assertThat(count(db, "SELECT count(*) FROM tasks")).isZero();
    }

    @Test
    void aDryRunCountsAndChangesNothing() {
        insertTasks(db, 40, "completed", 120);
        insertTasks(db, 7, "completed", 3);
        RetentionPolicy policy = policy();
        policy.getSpec().dryRun = true;

        runs.settle(policy, run());

        assertThat(policy.getStatus().lastRun.outcome).isEqualTo(Outcome.DryRun);
        assertThat(policy.getStatus().lastRun.rows).isEqualTo(40);
        assertThat(policy.getStatus().totalRows).isNull();
        assertThat(count(db, "SELECT count(*) FROM tasks")).isEqualTo(47);
        assertThat(runs.events()).containsExactly("RunDryRun");
    }

    @Test
    void aFailedRunMakesThePolicyNotReadyUntilTheNextRunSucceeds() {
        insertTasks(db, 10, "completed", 120);
        RetentionPolicy policy = policy();
        policy.getSpec().allowCascade = null;

        runs.settle(policy, run());
        assertThat(policy.getStatus().lastRun.outcome).isEqualTo(Outcome.Failed);
        var ready = StatusAggregator.find(policy.getStatus(), ConditionTypes.READY);
        assertThat(ready.status).isEqualTo("False");
        assertThat(ready.reason).isEqualTo("CascadingForeignKey");
        assertThat(runs.events()).containsExactly("RunFailed");

        clock.set(clock.instant().plus(Duration.ofMinutes(5)));
        policy = PolicyRuns.restart(policy);
        runs.settle(policy, run());
        assertThat(StatusAggregator.find(policy.getStatus(), ConditionTypes.READY).reason).as("still, while waiting")
                .isEqualTo("CascadingForeignKey");

        policy.getSpec().allowCascade = true;
        policy.getMetadata().setGeneration(2L);
        runs.settle(policy, run());
        assertThat(policy.getStatus().lastRun.outcome).isEqualTo(Outcome.Succeeded);
        assertThat(StatusAggregator.find(policy.getStatus(), ConditionTypes.READY).status).isEqualTo("True");
        assertThat(count(db, "SELECT count(*) FROM tasks")).isZero();
    }

    @Test
    void statusLostAfterCommittedBatchesStillCountsEveryRowOnce() {
        insertTasks(db, 250, "completed", 120);
        RetentionPolicy policy = policy();
        runs.reconcile(policy, run()); // the run is recorded as Running, before any row moves
        String persisted = Serialization.asJson(policy);

        runs.reconcile(policy, run()); // every batch commits; the operator dies before this status reaches the API server
        assertThat(count(db, "SELECT count(*) FROM tasks")).isZero();

        RetentionPolicy restarted = Serialization.unmarshal(persisted, RetentionPolicy.class);
        assertThat(restarted.getStatus().lastRun.rows).as("what the API server still holds").isZero();
        runs.reconcile(restarted, run());

        RetentionPolicyStatus status = restarted.getStatus();
        assertThat(status.lastRun.outcome).isEqualTo(Outcome.Succeeded);
        assertThat(status.lastRun.rows).isEqualTo(250);
        assertThat(status.lastRun.batches).isEqualTo(3);
        assertThat(status.totalRows).isEqualTo(250);
        assertThat(count(db, "SELECT count(*) FROM tasks_archive")).isEqualTo(250);
        assertThat(count(db, "SELECT rows FROM workflowdb.run_progress")).isEqualTo(250);
    }

    @Test
    void aRunCountedByAnEarlierVersionCarriesItsFiguresOver() {
        insertTasks(db, 120, "completed", 120);
        RetentionPolicy policy = policy();
        String started = ScheduledRuns.timestamp(clock.instant());
        // status as the previous operator version wrote it mid-run: its count lived in status only
        RetentionPolicy old = Serialization.unmarshal("""
                {"apiVersion":"workflowdb.io/v1alpha1","kind":"RetentionPolicy",
                 "metadata":{"name":"archive-tasks","namespace":"apps","generation":1},
                 "spec":%s,
                 "status":{"lastRun":{"generation":1,"startedAt":"%s","outcome":"Running","rows":20500,"batches":5,
                                      "message":"20500 rows archived so far in 5 batches"},
                           "totalRows":40500,"conditions":[]}}
                """.formatted(Serialization.asJson(policy.getSpec()), started), RetentionPolicy.class);

        runs.reconcile(old, run());

        assertThat(old.getStatus().lastRun.outcome).isEqualTo(Outcome.Succeeded);
        assertThat(old.getStatus().lastRun.rows).isEqualTo(20620);
        assertThat(old.getStatus().lastRun.batches).isEqualTo(7);
        assertThat(old.getStatus().totalRows).isEqualTo(40620);
    }

    private RetentionRun run() {
        return run(Duration.ofSeconds(30));
    }

    private RetentionRun run(Duration slice) {
        RetentionRun run = new RetentionRun();
        run.databases = database -> db;
        run.registry = runs.registry();
        run.clock = clock;
        run.sliceBudget = slice;
        return run;
    }

    private static RetentionPolicy policy() {
        RetentionPolicy policy = new RetentionPolicy();
        policy.setMetadata(new ObjectMetaBuilder().withName("archive-tasks").withNamespace("apps").withGeneration(1L).build());
        RetentionPolicySpec spec = RetentionDatabases.seedArchival();
        spec.databaseRef = new LocalObjectReference();
        spec.databaseRef.name = "workflow-db";
        spec.schedule = "0 2 * * 0";
        policy.setSpec(spec);
        policy.setStatus(new io.workflowdb.operator.api.v1alpha1.RetentionPolicyStatus());
        return policy;
    }
}
