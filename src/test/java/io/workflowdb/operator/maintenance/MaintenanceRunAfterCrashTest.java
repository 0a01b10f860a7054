package io.workflowdb.operator.maintenance;

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
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.workflowdb.operator.api.v1alpha1.LocalObjectReference;
import io.workflowdb.operator.api.v1alpha1.MaintenancePolicy;
import io.workflowdb.operator.api.v1alpha1.MaintenancePolicySpec;
import io.workflowdb.operator.api.v1alpha1.MaintenancePolicyStatus;
import io.workflowdb.operator.api.v1alpha1.RunRecord.Outcome;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.maintenance.execute.MaintenanceExecutor;
import io.workflowdb.operator.policy.ScheduledRuns;
import io.workflowdb.operator.retention.execute.RetentionDatabases;
import io.workflowdb.operator.status.StatusAggregator;
import io.workflowdb.operator.testing.MutableClock;
import io.workflowdb.operator.testing.RecordingEvents;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The actions of a run are read back from what the database recorded: an operator that died after
 * its actions ran but before it wrote status lists each action once when it resumes, and does not
 * run them again.
 */
class MaintenanceRunAfterCrashTest {

    private DataSource db;
    private MutableClock clock;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeEach
    void setUp() {
        db = RetentionDatabases.freshWorkflowSchema("maint_crash");
        clock = new MutableClock(Instant.now().atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS).plusDays(1)
                .withMinute(30).toInstant());
    }

    @Test
    void statusLostAfterTheActionsRanListsEachOnceAndRunsNoneAgain() {
        MaintenancePolicy policy = policy();
        reconcile(policy); // recorded as Running before any action
        String persisted = Serialization.asJson(policy);
        reconcile(policy); // every action runs; the operator dies before this status reaches the API server
        assertThat(policy.getStatus().lastRun.outcome).isEqualTo(Outcome.Succeeded);

        MaintenancePolicy restarted = Serialization.unmarshal(persisted, MaintenancePolicy.class);
        assertThat(restarted.getStatus().lastRun.actions).as("what the API server still holds").isEmpty();
        reconcile(restarted);

        MaintenancePolicyStatus status = restarted.getStatus();
        assertThat(status.lastRun.outcome).isEqualTo(Outcome.Succeeded);
        assertThat(status.lastRun.actions).extracting(a -> a.name).containsExactly("vacuum tasks", "vacuum projects",
                "report sizes");
        assertThat(registry.counter("workflowdb.maintenance.actions", "namespace", "apps", "policy", "daily", "outcome",
                "Succeeded").count()).as("two vacuums and two reports: no vacuum ran twice").isEqualTo(4.0);
    }

    private void reconcile(MaintenancePolicy policy) {
        StatusAggregator conditions = new StatusAggregator(policy, clock);
        scheduled().run(policy, database(), conditions, run());
        conditions.applyTo(policy.getStatus());
    }

    private MaintenanceRun run() {
        MaintenanceRun run = new MaintenanceRun();
        run.databases = database -> db;
        run.registry = registry;
        run.clock = clock;
        run.sliceBudget = Duration.ofSeconds(30);
        run.actionTimeout = MaintenanceExecutor.DEFAULT_ACTION_TIMEOUT;
        return run;
    }

    private static WorkflowDatabase database() {
        WorkflowDatabase database = new WorkflowDatabase();
        database.setMetadata(new ObjectMetaBuilder().withName("workflow-db").withNamespace("apps").build());
        return database;
    }

    private static MaintenancePolicy policy() {
        MaintenancePolicy policy = new MaintenancePolicy();
        policy.setMetadata(new ObjectMetaBuilder().withName("daily").withNamespace("apps").withGeneration(1L).build());
        MaintenancePolicySpec spec = new MaintenancePolicySpec();
        spec.databaseRef = new LocalObjectReference();
        spec.databaseRef.name = "workflow-db";
        spec.schedule = "0 1 * * *";
        spec.vacuum = new MaintenancePolicySpec.VacuumSpec();
        spec.vacuum.tables = List.of("tasks", "projects");
        spec.reports = new MaintenancePolicySpec.ReportsSpec();
        spec.reports.sizes = true;
        policy.setSpec(spec);
        policy.setStatus(new MaintenancePolicyStatus());
        return policy;
    }

    private ScheduledRuns scheduled() {
        return new ScheduledRuns(new RecordingEvents(), clock);
    }
}
