package io.workflowdb.operator.partition;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.workflowdb.operator.api.v1alpha1.Condition;
import io.workflowdb.operator.api.v1alpha1.ConditionTypes;
import io.workflowdb.operator.api.v1alpha1.ConversionSpec;
import io.workflowdb.operator.api.v1alpha1.ConversionStatus.Phase;
import io.workflowdb.operator.api.v1alpha1.LocalObjectReference;
import io.workflowdb.operator.api.v1alpha1.PartitionPolicy;
import io.workflowdb.operator.api.v1alpha1.PartitionPolicySpec;
import io.workflowdb.operator.api.v1alpha1.PartitionPolicyStatus;
import io.workflowdb.operator.status.StatusAggregator;
import io.workflowdb.operator.testing.MutableClock;
import io.workflowdb.operator.testing.PolicyRuns;
import io.workflowdb.operator.testing.RecordingEvents;
import io.workflowdb.operator.testing.Sql;
import io.workflowdb.operator.testing.TestPostgres;

/** The operator's side of an online conversion: slices across restarts, status, Events, pauses, refusals. */
class PartitionConversionRunTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T12:00:00Z"));
    private PolicyRuns runs;
    private DataSource db;
    private RecordingEvents events;

    @BeforeEach
    void setUp() {
        runs = new PolicyRuns(clock);
        events = new RecordingEvents();
    }

    @Test
    void convertsInSlicesAcrossRestartsThenKeepsThePartitions() {
        db = events("conv_run", 20_000);
        PartitionPolicy policy = policy();
        Duration next = runs.reconcile(policy, upkeep());
        assertThat(policy.getStatus().conversion.phase).isEqualTo(Phase.Copying);
        assertThat(ready(policy).reason).isEqualTo("Converting");
        assertThat(ready(policy).message).startsWith("conversion Copying: ");
        assertThat(next).isEqualTo(Duration.ofMillis(100));
        runs.reconcile(policy, upkeep());
        long copied = policy.getStatus().conversion.rowsCopied;
        assertThat(copied).isBetween(1L, 19_999L);
        assertThat(policy.getStatus().conversion.rowsLeft).isPositive();

        for (int i = 0; i < 500 && policy.getStatus().conversion.phase != Phase.Done; i++) {
            policy = PolicyRuns.restart(policy);
            runs.reconcile(policy, upkeep());
        }

        assertThat(policy.getStatus().conversion.phase).isEqualTo(Phase.Done);
        assertThat(policy.getStatus().conversion.originalTable).isEqualTo("events_wfdb_unpartitioned");
        assertThat(policy.getStatus().conversion.verified).isEqualTo("20000 rows in the original, 20000 in the new table");
        assertThat(ready(policy).status).isEqualTo("True");
        assertThat(ready(policy).reason).isEqualTo("Covered");
        assertThat(policy.getStatus().partitions).isGreaterThan(24);
        assertThat(events.reasons()).containsSubsequence("ConversionPreparing", "ConversionCopying",
                "ConversionVerifying", "ConversionSwapping", "ConversionDone");
        assertThat(Sql.count(db, "SELECT count(*) FROM events")).isEqualTo(20_000);
    }

    @Test
    void aSuspendedConversionCopiesNothingAndSaysWhy() {
        db = events("conv_suspended", 2_000);
        PartitionPolicy policy = policy();
        runs.reconcile(policy, upkeep());
        long copied = policy.getStatus().conversion.rowsCopied;
        policy.getSpec().conversion.suspended = true;

        Duration next = runs.reconcile(policy, upkeep());

        assertThat(next).isEqualTo(PartitionUpkeep.PAUSED_RECHECK);
        assertThat(ready(policy).reason).isEqualTo("ConversionPaused");
        assertThat(ready(policy).message).contains("suspended (spec.conversion.suspended)");
        assertThat(policy.getStatus().conversion.rowsCopied).isEqualTo(copied);
    }

    @Test
    void aRefusalIsNotReadyWithTheFixAndChangesNothing() {
        db = events("conv_refused", 100);
        PartitionPolicy policy = policy();
        policy.getSpec().conversion.extendPrimaryKey = false;

        runs.reconcile(policy, upkeep());

        assertThat(ready(policy).status).isEqualTo("False");
        assertThat(ready(policy).reason).isEqualTo("ConversionRefused");
        assertThat(ready(policy).message).contains("set spec.conversion.extendPrimaryKey: true");
        assertThat(policy.getStatus().conversion).isNull();
        assertThat(events.reasons()).contains("ConversionRefused");
    }

    private static DataSource events(String prefix, int rows) {
        DataSource db = TestPostgres.freshDatabase(prefix);
        Sql.execute(db, "CREATE TABLE events (id bigserial PRIMARY KEY, at timestamptz NOT NULL)",
                "INSERT INTO events (at) SELECT timestamptz '2026-12-07T12:00:00Z' - g * interval '1 hour'"
                        + " FROM generate_series(1, " + rows + ") g",
                "ANALYZE events");
        return db;
    }

    private PartitionUpkeep upkeep() {
        PartitionUpkeep upkeep = new PartitionUpkeep();
        upkeep.databases = database -> db;
        upkeep.events = events;
        upkeep.conversionSlice = Duration.ofMillis(30);
        return upkeep;
    }

    private static Condition ready(PartitionPolicy policy) {
        return StatusAggregator.find(policy.getStatus(), ConditionTypes.READY);
    }

    private static PartitionPolicy policy() {
        PartitionPolicy policy = new PartitionPolicy();
        policy.setMetadata(new ObjectMetaBuilder().withName("events").withNamespace("apps").withGeneration(1L).build());
        PartitionPolicySpec spec = new PartitionPolicySpec();
        spec.databaseRef = new LocalObjectReference();
        spec.databaseRef.name = "workflow-db";
        spec.table = "events";
        spec.column = "at";
        spec.range = new PartitionPolicySpec.RangeSpec();
        spec.range.interval = PartitionPolicySpec.RangeSpec.Interval.MONTH;
        spec.conversion = new ConversionSpec();
        spec.conversion.mode = ConversionSpec.Mode.ONLINE;
        spec.conversion.extendPrimaryKey = true;
        spec.conversion.batchSize = 500;
        policy.setSpec(spec);
        policy.setStatus(new PartitionPolicyStatus());
        return policy;
    }
}
