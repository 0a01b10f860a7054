package io.workflowdb.operator.partition;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;


import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.quarkiverse.operatorsdk.annotations.RBACRule;
import io.workflowdb.operator.api.v1alpha1.PartitionPolicy;
import io.workflowdb.operator.policy.DatabaseReferences;
import io.workflowdb.operator.policy.PolicyMetrics;
import io.workflowdb.operator.policy.PolicyReconciliation;
import io.workflowdb.operator.status.ErrorStatus;

/**
 * Keeps a table's partitions as its PartitionPolicy asks: validated, then, once its database is
 * Ready, an upkeep run whenever one is due ({@link PartitionUpkeep}).
 */
@ControllerConfiguration(name = "partitionpolicy")
@RBACRule(apiGroups = "", resources = "events", verbs = { "create", "patch" })
public class PartitionPolicyReconciler implements Reconciler<PartitionPolicy> {

    /** How soon a policy waiting for its database looks again (its database's changes also wake it). */
    static final Duration WAITING_RECHECK = Duration.ofMinutes(1);

    @Inject
    PolicyReconciliation policies;

    @Inject
    PartitionUpkeep upkeep;

    @Inject
    PolicyMetrics metrics;

    @Inject
    Clock clock;

    @Override
    public UpdateControl<PartitionPolicy> reconcile(PartitionPolicy policy, Context<PartitionPolicy> context) {
        UpdateControl<PartitionPolicy> control = policies.reconcile(policy, context, PartitionPolicyRules::check,
                upkeep::run, WAITING_RECHECK);
        // from status, so that the gauges are back right after an operator restart, before the next run
        metrics.partition(policy);
        return control;
    }

    @Override
    public List<EventSource<?, PartitionPolicy>> prepareEventSources(EventSourceContext<PartitionPolicy> context) {
        return List.of(DatabaseReferences.eventSource(context));
    }

    @Override
    public ErrorStatusUpdateControl<PartitionPolicy> updateErrorStatus(PartitionPolicy policy, Context<PartitionPolicy> context,
            Exception e) {
        return ErrorStatus.of(policy, e, clock);
    }
}
