package io.workflowdb.operator.status;

import java.time.Clock;

import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.workflowdb.operator.api.v1alpha1.BaseStatus;
import io.workflowdb.operator.api.v1alpha1.CommonReason;

/** Puts an unexpected reconcile error on Ready; the SDK then retries with back-off. */
public final class ErrorStatus {

    private ErrorStatus() {
    }

    public static <P extends CustomResource<?, ? extends BaseStatus>> ErrorStatusUpdateControl<P> of(P resource,
            Exception e, Clock clock) {
        StatusAggregator status = new StatusAggregator(resource, clock);
        status.notReady(CommonReason.ReconcileError, e.getClass().getSimpleName() + ": " + e.getMessage());
        status.applyTo(resource.getStatus());
        return ErrorStatusUpdateControl.patchStatus(resource);
    }
}
