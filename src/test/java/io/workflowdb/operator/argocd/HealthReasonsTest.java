package io.workflowdb.operator.argocd;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.workflowdb.operator.api.v1alpha1.BaseStatus;
import io.workflowdb.operator.api.v1alpha1.CommonReason;
import io.workflowdb.operator.api.v1alpha1.ConditionTypes;
import io.workflowdb.operator.api.v1alpha1.MaintenancePolicy;
import io.workflowdb.operator.api.v1alpha1.MaintenancePolicyReason;
import io.workflowdb.operator.api.v1alpha1.MaintenancePolicyStatus;
import io.workflowdb.operator.api.v1alpha1.PartitionPolicy;
import io.workflowdb.operator.api.v1alpha1.PartitionPolicyReason;
import io.workflowdb.operator.api.v1alpha1.RetentionPolicy;
import io.workflowdb.operator.api.v1alpha1.RetentionPolicyReason;
import io.workflowdb.operator.api.v1alpha1.RetentionPolicyStatus;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabaseReason;
import io.workflowdb.operator.health.HealthMonitor;
import io.workflowdb.operator.schema.SchemaStatusMapper;
import io.workflowdb.operator.status.ConditionStatus;
import io.workflowdb.operator.status.StatusAggregator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every condition reason the operator can put on Ready, written by the operator's own status
 * aggregator into the real status classes, and judged by the health scripts. A reason added to one
 * of the enums fails {@link #everyReasonWasClassified} until its Argo CD health is decided here, in
 * the kind's health.lua and in docs/argocd.md.
 */
class HealthReasonsTest {

    static final String HEALTHY = "Healthy";
    static final String PROGRESSING = "Progressing";
    static final String DEGRADED = "Degraded";
    static final String SUSPENDED = "Suspended";

    /** The constants each reason enum had when the decision table was last reviewed. */
    static final Map<Class<? extends Enum<?>>, String> REVIEWED = Map.of(
            CommonReason.class, "Reconciled InvalidSpec DatabaseNotFound DatabaseNotReady Unreachable Connected SecretNotFound"
                    + " ReconcileError",
            WorkflowDatabaseReason.class, "Creating CredentialsConflict Running Degraded NoLeader PatroniUnreachable SetupFailed PoolerRunning"
                    + " PoolerNotReady PoolerDisabled RestartRequired NoRestartPending"
                    + " ChecksPassed ChecksWarning ChecksCritical NotSampled"
                    + " Applied MigrationFailed ChecksumMismatch InvalidMigrationName ConfigMapNotFound IndexFailed"
                    + " ViewFailed Busy Unreachable",
            PartitionPolicyReason.class, "Covered TableMissing NotPartitioned Converting ConversionPaused ConversionRefused InvalidSpec RunFailed"
                    + " Unreachable",
            RetentionPolicyReason.class, "Scheduled Running Suspended TableMissing NoPrimaryKey ColumnMismatch ArchiveMissing"
                    + " ArchiveMismatch CascadingForeignKey ForeignKeyReferenced RunFailed Interrupted",
            MaintenancePolicyReason.class, "Scheduled Running Suspended ActionFailed Interrupted");

    /** Which enums supply the Ready reasons of each kind. */
    static final Map<String, List<Class<? extends Enum<?>>>> READY_REASONS = Map.of(
            "WorkflowDatabase", List.of(CommonReason.class, WorkflowDatabaseReason.class),
            "PartitionPolicy", List.of(CommonReason.class, PartitionPolicyReason.class),
            "RetentionPolicy", List.of(CommonReason.class, RetentionPolicyReason.class),
            "MaintenancePolicy", List.of(CommonReason.class, MaintenancePolicyReason.class));

    /** Ready=False reasons that pass by themselves; every other Ready=False is Degraded. */
    static final Map<String, Set<String>> PROGRESSING_WHEN_NOT_READY = Map.of(
            "WorkflowDatabase", Set.of("Creating"),
            "PartitionPolicy", Set.of("DatabaseNotReady", "Converting", "ConversionPaused"),
            "RetentionPolicy", Set.of("DatabaseNotReady"),
            "MaintenancePolicy", Set.of("DatabaseNotReady"));

    /** Ready=True reasons that are not Healthy. */
    static final Map<String, Map<String, String>> NOT_HEALTHY_WHEN_READY = Map.of(
            "WorkflowDatabase", Map.of("Degraded", PROGRESSING),
            "PartitionPolicy", Map.of(),
            "RetentionPolicy", Map.of("Running", PROGRESSING, "Suspended", SUSPENDED),
            "MaintenancePolicy", Map.of("Running", PROGRESSING, "Suspended", SUSPENDED));

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-12T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void everyReasonWasClassified() {
        REVIEWED.forEach((type, names) -> assertThat(Arrays.stream(type.getEnumConstants()).map(Enum::name).toList())
                .as(type.getSimpleName() + " changed: decide the Argo CD health of each new reason in"
                        + " deploy/argocd/workflowdb.io/<Kind>/health.lua and docs/argocd.md, then update this table")
                .containsExactlyInAnyOrder(names.split(" ")));
        assertThat(READY_REASONS.values().stream().flatMap(List::stream)).allMatch(REVIEWED::containsKey);
    }

    @Test
    void readyFalseIsDegradedUnlessItPassesByItself() throws IOException {
        for (String kind : READY_REASONS.keySet()) {
            for (Enum<?> reason : reasons(kind)) {
                CustomResource<?, ? extends BaseStatus> resource = resource(kind);
                String message = "Ready is False because of " + reason.name();
                write(resource, s -> s.notReady(reason, message));
                if (reason.name().equals("Interrupted")) {
                    runInProgress(resource, true);
                }
                String expected = PROGRESSING_WHEN_NOT_READY.get(kind).contains(reason.name())
                        || reason.name().equals("Interrupted") ? PROGRESSING : DEGRADED;
                assertThat(health(kind, resource)).as(kind + " Ready=False " + reason)
                        .isEqualTo(new LuaHealthScript.Health(expected, message));
            }
        }
    }

    @Test
    void anInterruptionIsProgressingOnlyWhileItsRunGoesOn() throws IOException {
        for (String kind : List.of("RetentionPolicy", "MaintenancePolicy")) {
            CustomResource<?, ? extends BaseStatus> resource = resource(kind);
            write(resource, s -> s.notReady(kind.equals("RetentionPolicy") ? RetentionPolicyReason.Interrupted
                    : MaintenancePolicyReason.Interrupted, "stopped"));
            runInProgress(resource, true);
            assertThat(health(kind, resource).status()).as(kind + " interrupted, run goes on").isEqualTo(PROGRESSING);
            runInProgress(resource, false);
            assertThat(health(kind, resource).status()).as(kind + " interrupted, run ended").isEqualTo(DEGRADED);
        }
    }

    @Test
    void readyTrueIsHealthyUnlessWorkGoesOnOrThePolicyIsSuspended() throws IOException {
        for (String kind : READY_REASONS.keySet()) {
            for (Enum<?> reason : reasons(kind)) {
                CustomResource<?, ? extends BaseStatus> resource = resource(kind);
                String message = "Ready is True because of " + reason.name();
                write(resource, s -> s.ready(reason, message));
                String expected = NOT_HEALTHY_WHEN_READY.get(kind).getOrDefault(reason.name(), HEALTHY);
                assertThat(health(kind, resource)).as(kind + " Ready=True " + reason)
                        .isEqualTo(new LuaHealthScript.Health(expected, message));
            }
        }
    }

    @Test
    void onlyACriticalHealthCheckDegradesAReadyDatabase() throws IOException {
        for (WorkflowDatabaseReason reason : WorkflowDatabaseReason.values()) {
            WorkflowDatabase db = (WorkflowDatabase) resource("WorkflowDatabase");
            ConditionStatus healthy = reason == WorkflowDatabaseReason.ChecksPassed ? ConditionStatus.True : ConditionStatus.False;
            write(db, s -> s.ready(WorkflowDatabaseReason.Running, "leader db-0, 3/3 members running")
                    .set(ConditionTypes.HEALTHY, healthy, reason, "checks: " + reason.name()));
            LuaHealthScript.Health health = health("WorkflowDatabase", db);
            if (reason == WorkflowDatabaseReason.ChecksCritical) {
                assertThat(health).isEqualTo(new LuaHealthScript.Health(DEGRADED, "checks: ChecksCritical"));
            } else {
                assertThat(health).as(reason.name()).isEqualTo(new LuaHealthScript.Health(HEALTHY,
                        "leader db-0, 3/3 members running"));
            }
        }
    }

    /** A failing schema object leaves Ready True; the script reads SchemaApplied so the database still shows it. */
    @Test
    void aFailingSchemaDegradesAReadyDatabaseUnlessItPassesByItself() throws IOException {
        for (WorkflowDatabaseReason reason : WorkflowDatabaseReason.values()) {
            WorkflowDatabase db = (WorkflowDatabase) resource("WorkflowDatabase");
            ConditionStatus applied = reason == WorkflowDatabaseReason.Applied ? ConditionStatus.True : ConditionStatus.False;
            write(db, s -> s.ready(WorkflowDatabaseReason.Running, "leader db-0, 3/3 members running")
                    .set(ConditionTypes.SCHEMA_APPLIED, applied, reason, "schema: " + reason.name()));
            LuaHealthScript.Health health = health("WorkflowDatabase", db);
            if (reason == WorkflowDatabaseReason.Applied) {
                assertThat(health).isEqualTo(new LuaHealthScript.Health(HEALTHY, "leader db-0, 3/3 members running"));
            } else {
                String expected = reason == WorkflowDatabaseReason.Busy || reason == WorkflowDatabaseReason.Unreachable ? PROGRESSING : DEGRADED;
                assertThat(health).as(reason.name()).isEqualTo(new LuaHealthScript.Health(expected, "schema: " + reason.name()));
            }
        }
    }

    @Test
    void aGenerationNotYetObservedIsProgressingWhateverReadySays() throws IOException {
        for (String kind : READY_REASONS.keySet()) {
            CustomResource<?, ? extends BaseStatus> resource = resource(kind);
            write(resource, s -> s.ready(CommonReason.Reconciled, "done"));
            assertThat(health(kind, resource).status()).as(kind + " observed").isNotEqualTo(PROGRESSING);
            resource.getMetadata().setGeneration(8L);
            assertThat(health(kind, resource)).as(kind + " generation 8 not observed")
                    .isEqualTo(new LuaHealthScript.Health(PROGRESSING, "Waiting for the operator to observe generation 8"));
            write(resource, s -> s.notReady(CommonReason.InvalidSpec, "spec.x: wrong"));
            assertThat(health(kind, resource).status()).as(kind + " generation 8 observed").isEqualTo(DEGRADED);
        }
    }

    private static List<Enum<?>> reasons(String kind) {
        return READY_REASONS.get(kind).stream().flatMap(type -> Arrays.<Enum<?>>stream(type.getEnumConstants())).toList();
    }

    private static CustomResource<?, ? extends BaseStatus> resource(String kind) {
        CustomResource<?, ? extends BaseStatus> resource = switch (kind) {
            case "WorkflowDatabase" -> new WorkflowDatabase();
            case "PartitionPolicy" -> new PartitionPolicy();
            case "RetentionPolicy" -> new RetentionPolicy();
            case "MaintenancePolicy" -> new MaintenancePolicy();
            default -> throw new IllegalArgumentException(kind);
        };
        resource.setMetadata(new ObjectMetaBuilder().withName("r").withNamespace("apps").withGeneration(7L).build());
        return resource;
    }

    /** States conditions the way a reconciler does and writes them onto the resource's status. */
    private static void write(CustomResource<?, ? extends BaseStatus> resource,
            java.util.function.Consumer<StatusAggregator> conditions) {
        StatusAggregator status = new StatusAggregator(resource, CLOCK);
        conditions.accept(status);
        status.applyTo(resource.getStatus());
    }

    private static void runInProgress(CustomResource<?, ? extends BaseStatus> resource, boolean running) {
        if (resource.getStatus() instanceof RetentionPolicyStatus s) {
            s.lastRun = new RetentionPolicyStatus.Run();
            s.lastRun.outcome = running ? RetentionPolicyStatus.Run.Outcome.Running : RetentionPolicyStatus.Run.Outcome.Failed;
        } else if (resource.getStatus() instanceof MaintenancePolicyStatus s) {
            s.lastRun = new MaintenancePolicyStatus.LastRun();
            s.lastRun.outcome = running ? MaintenancePolicyStatus.LastRun.Outcome.Running
                    : MaintenancePolicyStatus.LastRun.Outcome.Failed;
        }
    }

    private static LuaHealthScript.Health health(String kind, CustomResource<?, ?> resource) throws IOException {
        JsonNode json = Serialization.jsonMapper().valueToTree(resource);
        return new LuaHealthScript(Path.of("deploy/argocd/workflowdb.io", kind, "health.lua")).evaluate(json);
    }
}
