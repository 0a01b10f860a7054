package io.workflowdb.operator.partition;

import java.util.List;

import jakarta.inject.Inject;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.quarkiverse.operatorsdk.annotations.RBACRule;
import io.workflowdb.operator.api.v1alpha1.PartitionPolicy;
import io.workflowdb.operator.policy.PolicyReconciler;

/**
 * Keeps a table's partitions as its PartitionPolicy asks: validated, then, once its database is
 * Ready, an upkeep run whenever one is due ({@link PartitionUpkeep}); the partition gauges follow status.
 */
@ControllerConfiguration(name = "partitionpolicy")
@RBACRule(apiGroups = "", resources = "events", verbs = { "create", "patch" })
public class PartitionPolicyReconciler extends PolicyReconciler<PartitionPolicy> {

    private final PartitionMetrics metrics;

    @Inject
    public PartitionPolicyReconciler(PartitionUpkeep upkeep, PartitionMetrics metrics) {
        super(PartitionPolicyRules::check, upkeep);
        this.metrics = metrics;
    }

    @Override
    public UpdateControl<PartitionPolicy> reconcile(PartitionPolicy policy, Context<PartitionPolicy> context) {
        UpdateControl<PartitionPolicy> control = super.reconcile(policy, context);
        // from status, so that the gauges are back right after an operator restart, before the next run
        metrics.partition(policy);
        return control;
    }

    @Override
    public List<EventSource<?, PartitionPolicy>> prepareEventSources(EventSourceContext<PartitionPolicy> context) {
        metrics.watch(context.getPrimaryCache());
        return super.prepareEventSources(context);
    }
}
