package io.workflowdb.operator.policy;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.workflowdb.operator.api.v1alpha1.BaseStatus;
import io.workflowdb.operator.api.v1alpha1.CommonReason;
import io.workflowdb.operator.api.v1alpha1.Condition;
import io.workflowdb.operator.api.v1alpha1.ConditionTypes;
import io.workflowdb.operator.api.v1alpha1.DatabaseBound;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.status.ConditionStatus;
import io.workflowdb.operator.status.StatusAggregator;
import io.workflowdb.operator.status.StatusPatch;
import io.workflowdb.operator.validation.ResourceValidator;
import io.workflowdb.operator.validation.SpecRules;
import io.workflowdb.operator.validation.Violation;

/**
 * The steps every policy takes before its own work: validate the spec, then find its database
 * and check that it serves ({@link #serves}). Each policy reconciler calls this and adds its behaviour after.
 */
@ApplicationScoped
public class PolicyReconciliation {

    @Inject
    ResourceValidator validator;

    @Inject
    Clock clock;

    /** The database a valid policy may act on, or empty after Ready=False was stated on {@code status}. */
    public <P extends CustomResource<? extends DatabaseBound, ? extends BaseStatus>> Optional<WorkflowDatabase> gate(
            P policy, Context<P> context, SpecRules<P> rules, StatusAggregator status) {
        List<Violation> violations = validator.validate(policy, rules);
        if (!violations.isEmpty()) {
            status.notReady(CommonReason.InvalidSpec, ResourceValidator.summary(violations));
            return Optional.empty();
        }
        String name = DatabaseReferences.referencedName(policy);
        Optional<WorkflowDatabase> database = context.getSecondaryResource(WorkflowDatabase.class);
        if (database.isEmpty()) {
            status.notReady(CommonReason.DatabaseNotFound, "WorkflowDatabase " + name + " does not exist in namespace "
                    + policy.getMetadata().getNamespace());
            return Optional.empty();
        }
        WorkflowDatabase db = database.get();
        if (!serves(db)) {
            Condition ready = StatusAggregator.find(db.getStatus(), ConditionTypes.READY);
            status.notReady(CommonReason.DatabaseNotReady, "WorkflowDatabase " + name + " is not Ready"
                    + (ready == null || ready.reason == null ? "" : " (" + ready.reason + ")"));
            return Optional.empty();
        }
        return database;
    }

    /**
     * Whether a policy may act on the database: it is Ready, whatever its schema does and whether
     * or not its latest spec was observed yet. One whose latest spec is invalid but that served
     * before also qualifies: the operator leaves the WorkflowDatabase alone until it is fixed, but
     * the server behind it still needs its partitions premade and its rows archived.
     */
    static boolean serves(WorkflowDatabase db) {
        Condition ready = StatusAggregator.find(db.getStatus(), ConditionTypes.READY);
        if (ready == null) {
            return false;
        }
        return ConditionStatus.True.name().equals(ready.status)
                || CommonReason.InvalidSpec.name().equals(ready.reason) && db.getStatus().primary != null;
    }

    /** What a policy does once its spec is valid and its database Ready. */
    @FunctionalInterface
    public interface Work<P> {
        /** @return when to look again, or null for no timed look */
        Duration run(P policy, WorkflowDatabase database, StatusAggregator status);
    }

    /**
     * A policy's whole reconcile: the gate, then {@code work}; the status is patched only when it
     * changed. A policy stopped at the gate looks again after {@code waitingRecheck} (its database's
     * changes also wake it).
     */
    public <P extends CustomResource<? extends DatabaseBound, ? extends BaseStatus>> UpdateControl<P> reconcile(
            P policy, Context<P> context, SpecRules<P> rules, Work<P> work, Duration waitingRecheck) {
        JsonNode before = StatusPatch.snapshot(policy);
        StatusAggregator status = new StatusAggregator(policy, clock);
        Duration next = gate(policy, context, rules, status).map(db -> work.run(policy, db, status)).orElse(waitingRecheck);
        status.applyTo(policy.getStatus());
        UpdateControl<P> control = StatusPatch.patchAndCache(policy, before, context);
        return next == null ? control : control.rescheduleAfter(next);
    }

}
