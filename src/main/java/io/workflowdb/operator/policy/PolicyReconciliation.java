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
import io.workflowdb.operator.api.v1alpha1.DatabaseBound;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.status.Reason;
import io.workflowdb.operator.status.StatusAggregator;
import io.workflowdb.operator.status.StatusPatch;
import io.workflowdb.operator.validation.ResourceValidator;
import io.workflowdb.operator.validation.SpecRules;
import io.workflowdb.operator.validation.Violation;

/**
 * The steps every policy takes before its own work: validate the spec, then find its database
 * and check that it is Ready. Each policy reconciler calls this and adds its behaviour after.
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
            status.notReady(Reason.InvalidSpec, ResourceValidator.summary(violations));
            return Optional.empty();
        }
        String name = DatabaseReferences.referencedName(policy);
        Optional<WorkflowDatabase> database = context.getSecondaryResource(WorkflowDatabase.class);
        if (database.isEmpty()) {
            status.notReady(Reason.DatabaseNotFound, "WorkflowDatabase " + name + " does not exist in namespace "
                    + policy.getMetadata().getNamespace());
            return Optional.empty();
        }
        WorkflowDatabase db = database.get();
        if (!StatusAggregator.isReadyForGeneration(db, db.getStatus())) {
            status.notReady(Reason.DatabaseNotReady, "WorkflowDatabase " + name + " is not Ready");
            return Optional.empty();
        }
        return database;
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

    /** Validation and database resolution only: what a policy does before its capability is built. */
    public <P extends CustomResource<? extends DatabaseBound, ? extends BaseStatus>> UpdateControl<P> reconcile(
            P policy, Context<P> context, SpecRules<P> rules) {
        return reconcile(policy, context, rules, (p, db, status) -> {
            status.ready(Reason.Reconciled, "spec is valid and WorkflowDatabase " + db.getMetadata().getName() + " is Ready");
            return null;
        }, null);
    }
}
