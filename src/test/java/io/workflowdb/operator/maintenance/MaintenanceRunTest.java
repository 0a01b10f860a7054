package io.workflowdb.operator.maintenance;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.workflowdb.operator.api.v1alpha1.Condition;
import io.workflowdb.operator.api.v1alpha1.ConditionTypes;
import io.workflowdb.operator.api.v1alpha1.LocalObjectReference;
import io.workflowdb.operator.api.v1alpha1.MaintenancePolicy;
import io.workflowdb.operator.api.v1alpha1.MaintenancePolicySpec;
import io.workflowdb.operator.api.v1alpha1.MaintenancePolicyStatus;
import io.workflowdb.operator.api.v1alpha1.MaintenancePolicyStatus.ActionResult;
import io.workflowdb.operator.api.v1alpha1.RunRecord.Outcome;
import io.workflowdb.operator.maintenance.execute.MaintenanceExecutor;
import io.workflowdb.operator.policy.ScheduledRuns;
import io.workflowdb.operator.retention.execute.RetentionDatabases;
import io.workflowdb.operator.sql.AdvisoryLock;
import io.workflowdb.operator.status.StatusAggregator;
import io.workflowdb.operator.testing.MutableClock;
import io.workflowdb.operator.testing.PolicyRuns;

import static io.workflowdb.operator.retention.execute.RetentionDatabases.count;
import static io.workflowdb.operator.retention.execute.RetentionDatabases.insertTasks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operator's run logic against a real database with an injected clock. Every "restart" is a
 * new {@link MaintenanceRun} given only the status that was persisted (a JSON round trip).
 */
class MaintenanceRunTest {

    private DataSource db;
    private MutableClock clock;
    private PolicyRuns runs;

    @BeforeEach
    void setUp() {
        db = RetentionDatabases.freshWorkflowSchema("maint_run");
        insertTasks(db, 200, "completed", 3);
        // 00:30 UTC tomorrow: half an hour before the seed's daily fire
        clock = new MutableClock(Instant.now().atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS).plusDays(1)
                .withMinute(30).toInstant());
        runs = new PolicyRuns(clock);
    }

    @Test
    void scheduledRunsAcrossRestartsNeitherSkipNorRepeat() {
        MaintenancePolicy policy = policy("tasks", "projects");

        Duration next = runs.settle(policy, run());
        MaintenancePolicyStatus status = policy.getStatus();
        assertThat(status.lastRun.outcome).isEqualTo(Outcome.Succeeded);
        assertThat(status.lastRun.generation).isEqualTo(1L);
        assertThat(status.lastRun.message).isEqualTo("3 actions succeeded");
        assertThat(status.lastRun.actions).extracting(a -> a.name).containsExactly("vacuum tasks", "vacuum projects",
                "report sizes");
        assertThat(status.reports.sizes.databaseBytes).isPositive();
        assertThat(status.nextRun).isEqualTo(clock.instant().plus(Duration.ofMinutes(30)).toString());
        assertThat(next).isBetween(Duration.ofMinutes(29), Duration.ofMinutes(31));
        assertThat(StatusAggregator.find(status, ConditionTypes.READY).reason).isEqualTo("Scheduled");
        assertThat(StatusAggregator.find(status, ConditionTypes.LAST_RUN_SUCCEEDED).status).isEqualTo("True");

        clock.set(clock.instant().plus(Duration.ofMinutes(20)));
        policy = PolicyRuns.restart(policy);
        runs.settle(policy, run());
        assertThat(policy.getStatus().lastRun.startedAt).as("no run before the fire").isEqualTo(status.lastRun.startedAt);

        clock.set(clock.instant().plus(Duration.ofMinutes(15)));
        policy = PolicyRuns.restart(policy);
        runs.settle(policy, run());
        assertThat(policy.getStatus().lastRun.startedAt).as("the 01:00 run").isEqualTo(clock.instant().toString());
        assertThat(policy.getStatus().reports.sizes.growthBytesSinceLastRun).as("from the run before").isNotNull();

        clock.set(clock.instant().plus(Duration.ofHours(3)));
        policy = PolicyRuns.restart(policy);
        runs.settle(policy, run());
        assertThat(policy.getStatus().lastRun.startedAt).as("not repeated after a restart")
                .isEqualTo(clock.instant().minus(Duration.ofHours(3)).toString());
        assertThat(runs.events()).containsExactly("RunSucceeded", "RunSucceeded");
        awaitVacuums("tasks", 2);
    }

    @Test
    void aRunRecordsEachSliceAndContinuesAfterARestartWithoutRepeatingAnAction() {
        MaintenancePolicy policy = policy("tasks", "projects", "validations");
        MaintenanceRun first = run(Duration.ZERO);
        StatusAggregator conditions = new StatusAggregator(policy, clock);
        runs.step(policy, conditions, first);
        assertThat(policy.getStatus().lastRun.outcome).as("recorded before any work").isEqualTo(Outcome.Running);
        assertThat(policy.getStatus().lastRun.actions).isEmpty();
        runs.step(policy, conditions, first);
        conditions.applyTo(policy.getStatus());
        assertThat(policy.getStatus().lastRun.actions).extracting(a -> a.name).containsExactly("vacuum tasks");
        assertThat(policy.getStatus().lastRun.message).isEqualTo("1 action done; the run goes on");
        assertThat(StatusAggregator.find(policy.getStatus(), ConditionTypes.READY).reason).isEqualTo("Running");
        String startedAt = policy.getStatus().lastRun.startedAt;

        clock.set(clock.instant().plus(Duration.ofMinutes(2)));
        policy = PolicyRuns.restart(policy);
        runs.settle(policy, run());

        assertThat(policy.getStatus().lastRun.startedAt).isEqualTo(startedAt);
        assertThat(policy.getStatus().lastRun.outcome).isEqualTo(Outcome.Succeeded);
        assertThat(policy.getStatus().lastRun.actions).extracting(a -> a.name).containsExactly("vacuum tasks",
                "vacuum projects", "vacuum validations", "report sizes");
        assertThat(runs.events()).containsExactly("RunSucceeded");
        awaitVacuums("tasks", 1);
        awaitVacuums("validations", 1);
    }

    @Test
    void aFailedActionFailsTheRunAndThePolicyIsNotReadyUntilARunSucceeds() {
        MaintenancePolicy policy = policy("missing_table", "tasks");

        runs.settle(policy, run());
        MaintenancePolicyStatus status = policy.getStatus();
        assertThat(status.lastRun.outcome).isEqualTo(Outcome.Failed);
        assertThat(status.lastRun.message).isEqualTo(
                "1 of 3 actions failed: vacuum missing_table (relation \"missing_table\" does not exist)");
        assertThat(status.lastRun.actions).extracting(a -> a.outcome).containsExactly(ActionResult.Outcome.Failed,
                ActionResult.Outcome.Succeeded, ActionResult.Outcome.Succeeded);
        Condition ready = StatusAggregator.find(status, ConditionTypes.READY);
        assertThat(ready.status).isEqualTo("False");
        assertThat(ready.reason).isEqualTo("ActionFailed");
        assertThat(StatusAggregator.find(status, ConditionTypes.LAST_RUN_SUCCEEDED).status).isEqualTo("False");
        assertThat(runs.events()).containsExactly("RunFailed");

        clock.set(clock.instant().plus(Duration.ofMinutes(5)));
        policy = PolicyRuns.restart(policy);
        runs.settle(policy, run());
        assertThat(StatusAggregator.find(policy.getStatus(), ConditionTypes.READY).reason).as("still, while waiting")
                .isEqualTo("ActionFailed");

        policy.getSpec().vacuum.tables = List.of("tasks");
        policy.getMetadata().setGeneration(2L);
        runs.settle(policy, run());
        assertThat(policy.getStatus().lastRun.outcome).isEqualTo(Outcome.Succeeded);
        assertThat(policy.getStatus().lastRun.generation).isEqualTo(2L);
        assertThat(StatusAggregator.find(policy.getStatus(), ConditionTypes.READY).status).isEqualTo("True");
        assertThat(runs.events()).containsExactly("RunFailed", "RunSucceeded");
        assertThat(runs.registry().counter("workflowdb.maintenance.actions", "namespace", "apps", "policy", "daily", "outcome",
                "Failed").count()).as("workflowdb_maintenance_actions_total").isEqualTo(1.0);
        assertThat(runs.registry().counter("workflowdb.maintenance.actions", "namespace", "apps", "policy", "daily", "outcome",
                "Succeeded").count()).isEqualTo(4.0);
    }

    @Test
    void actionsLeftAtMaxDurationAreSkippedAndTheRunIsIncomplete() {
        MaintenancePolicy policy = policy("tasks", "projects");
        policy.getSpec().maxDuration = "1m";
        MaintenanceRun run = run(Duration.ofSeconds(30));
        StatusAggregator conditions = new StatusAggregator(policy, clock);
        runs.step(policy, conditions, run);
        clock.set(clock.instant().plus(Duration.ofMinutes(2)));
        runs.step(policy, conditions, run);

        MaintenancePolicyStatus status = policy.getStatus();
        assertThat(status.lastRun.outcome).isEqualTo(Outcome.Incomplete);
        assertThat(status.lastRun.message).isEqualTo(
                "stopped at maxDuration: 2 of 3 actions not run (vacuum tasks, vacuum projects); they run next time");
        assertThat(status.lastRun.actions).extracting(a -> a.outcome).containsExactly(ActionResult.Outcome.Skipped,
                ActionResult.Outcome.Skipped, ActionResult.Outcome.Succeeded);
        assertThat(runs.events()).containsExactly("RunIncomplete");
        assertThat(count(db, "SELECT vacuum_count FROM pg_stat_user_tables WHERE relname = 'tasks'")).isZero();
    }

    @Test
    void aRunWaitsForAnotherRunsLockThenGoesOn() throws Exception {
        MaintenancePolicy policy = policy("tasks");
        MaintenanceRun run = run(Duration.ofSeconds(30));
        try (Connection other = db.getConnection();
                AdvisoryLock held = AdvisoryLock.tryAcquire(other, "maintenance:" + other.getCatalog()).orElseThrow()) {
            StatusAggregator conditions = new StatusAggregator(policy, clock);
            runs.step(policy, conditions, run);
            Duration again = runs.step(policy, conditions, run);
            assertThat(again).isEqualTo(MaintenanceRun.RESUME_AFTER_INTERRUPTION);
            assertThat(policy.getStatus().lastRun.outcome).isEqualTo(Outcome.Running);
            assertThat(policy.getStatus().lastRun.message).startsWith("waiting: another maintenance run holds the lock");
        }
        clock.set(clock.instant().plus(Duration.ofSeconds(30)));
        runs.settle(policy, run());
        assertThat(policy.getStatus().lastRun.outcome).isEqualTo(Outcome.Succeeded);
    }

    @Test
    void suspendStartsNothingAndEndsARunningRun() {
        MaintenancePolicy policy = policy("tasks", "projects");
        policy.getSpec().suspend = true;
        Duration next = runs.settle(policy, run());
        assertThat(policy.getStatus().lastRun).isNull();
        assertThat(policy.getStatus().nextRun).isNull();
        assertThat(next).isEqualTo(ScheduledRuns.IDLE_RECHECK);
        assertThat(StatusAggregator.find(policy.getStatus(), ConditionTypes.READY).reason).isEqualTo("Suspended");

        policy.getSpec().suspend = false;
        MaintenanceRun run = run(Duration.ZERO);
        StatusAggregator conditions = new StatusAggregator(policy, clock);
        runs.step(policy, conditions, run);
        runs.step(policy, conditions, run);
        policy.getSpec().suspend = true;
        runs.step(policy, conditions, run);

        assertThat(policy.getStatus().lastRun.outcome).isEqualTo(Outcome.Incomplete);
        assertThat(policy.getStatus().lastRun.message).isEqualTo("suspended after 1 action");
        assertThat(runs.events()).containsExactly("RunIncomplete");
    }

    private void awaitVacuums(String table, long expected) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                count(db, "SELECT vacuum_count FROM pg_stat_user_tables WHERE relname = '" + table + "'"))
                .isEqualTo(expected));
    }

    @Test
    void statusLostAfterTheActionsRanListsEachOnceAndRunsNoneAgain() {
        MaintenancePolicy policy = policy("tasks", "projects");
        runs.reconcile(policy, run()); // recorded as Running before any action
        String persisted = Serialization.asJson(policy);
        runs.reconcile(policy, run()); // every action runs; the operator dies before this status reaches the API server
        assertThat(policy.getStatus().lastRun.outcome).isEqualTo(Outcome.Succeeded);

        MaintenancePolicy restarted = Serialization.unmarshal(persisted, MaintenancePolicy.class);
        assertThat(restarted.getStatus().lastRun.actions).as("what the API server still holds").isEmpty();
        runs.reconcile(restarted, run());

        MaintenancePolicyStatus status = restarted.getStatus();
        assertThat(status.lastRun.outcome).isEqualTo(Outcome.Succeeded);
        assertThat(status.lastRun.actions).extracting(a -> a.name).containsExactly("vacuum tasks", "vacuum projects",
                "report sizes");
        assertThat(runs.registry().counter("workflowdb.maintenance.actions", "namespace", "apps", "policy", "daily", "outcome",
                "Succeeded").count()).as("two vacuums and two reports: no vacuum ran twice").isEqualTo(4.0);
    }

    private MaintenanceRun run() {
        return run(Duration.ofSeconds(30));
    }

    private MaintenanceRun run(Duration slice) {
        MaintenanceRun run = new MaintenanceRun();
        run.databases = database -> db;
        run.registry = runs.registry();
        run.clock = clock;
        run.sliceBudget = slice;
        run.actionTimeout = MaintenanceExecutor.DEFAULT_ACTION_TIMEOUT;
        return run;
    }

    private static MaintenancePolicy policy(String... vacuumTables) {
        MaintenancePolicy policy = new MaintenancePolicy();
        policy.setMetadata(new ObjectMetaBuilder().withName("daily").withNamespace("apps").withGeneration(1L).build());
        MaintenancePolicySpec spec = new MaintenancePolicySpec();
        spec.databaseRef = new LocalObjectReference();
        spec.databaseRef.name = "workflow-db";
        spec.schedule = "0 1 * * *";
        spec.vacuum = new MaintenancePolicySpec.VacuumSpec();
        spec.vacuum.tables = List.of(vacuumTables);
        spec.reports = new MaintenancePolicySpec.ReportsSpec();
        spec.reports.sizes = true;
        policy.setSpec(spec);
        policy.setStatus(new MaintenancePolicyStatus());
        return policy;
    }
}
