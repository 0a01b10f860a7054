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
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.workflowdb.operator.api.v1alpha1.LocalObjectReference;
import io.workflowdb.operator.api.v1alpha1.RetentionPolicy;
import io.workflowdb.operator.api.v1alpha1.RetentionPolicySpec;
import io.workflowdb.operator.api.v1alpha1.RetentionPolicyStatus;
import io.workflowdb.operator.api.v1alpha1.RunRecord.Outcome;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.policy.ScheduledRuns;
import io.workflowdb.operator.retention.execute.RetentionDatabases;
import io.workflowdb.operator.status.StatusAggregator;
import io.workflowdb.operator.testing.MutableClock;
import io.workflowdb.operator.testing.RecordingEvents;

import static io.workflowdb.operator.retention.execute.RetentionDatabases.count;
import static io.workflowdb.operator.retention.execute.RetentionDatabases.insertTasks;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The run record tells what the database committed, whatever happened to the operator: an
 * operator that died after its batches committed but before it wrote status resumes from the older
 * status, and still reports every row once.
 */
class RetentionRunAfterCrashTest {

    private DataSource db;
    private MutableClock clock;
    private final RecordingEvents recorded = new RecordingEvents();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeEach
    void setUp() {
        db = RetentionDatabases.freshWorkflowSchema("retention_crash");
        Instant sunday = Instant.now().atZone(ZoneOffset.UTC).with(TemporalAdjusters.next(DayOfWeek.SUNDAY))
                .truncatedTo(ChronoUnit.DAYS).withHour(1).toInstant();
        clock = new MutableClock(sunday);
    }

    @Test
    void statusLostAfterCommittedBatchesStillCountsEveryRowOnce() {
        insertTasks(db, 250, "completed", 120);
        RetentionPolicy policy = policy();
        reconcile(policy); // the run is recorded as Running, before any row moves
        String persisted = Serialization.asJson(policy);

        reconcile(policy); // every batch commits; the operator dies before this status reaches the API server
        assertThat(count(db, "SELECT count(*) FROM tasks")).isZero();

        RetentionPolicy restarted = Serialization.unmarshal(persisted, RetentionPolicy.class);
        assertThat(restarted.getStatus().lastRun.rows).as("what the API server still holds").isZero();
        reconcile(restarted);

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

        reconcile(old);

        assertThat(old.getStatus().lastRun.outcome).isEqualTo(Outcome.Succeeded);
        assertThat(old.getStatus().lastRun.rows).isEqualTo(20620);
        assertThat(old.getStatus().lastRun.batches).isEqualTo(7);
        assertThat(old.getStatus().totalRows).isEqualTo(40620);
    }

    private void reconcile(RetentionPolicy policy) {
        StatusAggregator conditions = new StatusAggregator(policy, clock);
        scheduled().run(policy, database(), conditions, run());
        conditions.applyTo(policy.getStatus());
    }

    private RetentionRun run() {
        RetentionRun run = new RetentionRun();
        run.databases = database -> db;
        run.registry = registry;
        run.clock = clock;
        run.sliceBudget = Duration.ofSeconds(30);
        return run;
    }

    private static WorkflowDatabase database() {
        WorkflowDatabase database = new WorkflowDatabase();
        database.setMetadata(new ObjectMetaBuilder().withName("workflow-db").withNamespace("apps").build());
        return database;
    }

    private static RetentionPolicy policy() {
        RetentionPolicy policy = new RetentionPolicy();
        policy.setMetadata(new ObjectMetaBuilder().withName("archive-tasks").withNamespace("apps").withGeneration(1L).build());
        RetentionPolicySpec spec = RetentionDatabases.seedArchival();
        spec.databaseRef = new LocalObjectReference();
        spec.databaseRef.name = "workflow-db";
        spec.schedule = "0 2 * * 0";
        policy.setSpec(spec);
        policy.setStatus(new RetentionPolicyStatus());
        return policy;
    }

    private ScheduledRuns scheduled() {
        return new ScheduledRuns(recorded, clock);
    }
}
