package io.workflowdb.operator.status;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;

/** Patches status only when it differs from what the reconcile started with. */
public final class StatusPatch {

    private StatusPatch() {
    }

    /** A detached copy of the status as it was before the reconcile touched it. */
    public static JsonNode snapshot(CustomResource<?, ?> resource) {
        return Serialization.jsonMapper().valueToTree(resource.getStatus());
    }

    public static <R extends CustomResource<?, ?>> UpdateControl<R> ifChanged(R resource, JsonNode before) {
        return changed(resource, before) ? UpdateControl.patchStatus(resource) : UpdateControl.noUpdate();
    }

    /**
     * Patches status when it changed, and has the next reconcile read this status rather than an
     * older copy the informer may still hold. Kinds whose status records work in progress (a run
     * that must not start twice) need that: JOSDK 5 does not promise it for
     * {@link UpdateControl#patchStatus}. Server-side apply unless the operator turned it off, as
     * JOSDK would patch.
     */
    public static <R extends CustomResource<?, ?>> UpdateControl<R> patchAndCache(R resource, JsonNode before,
            Context<R> context) {
        if (!changed(resource, before)) {
            return UpdateControl.noUpdate();
        }
        Object status = resource.getStatus();
        if (context.getControllerConfiguration().getConfigurationService().useSSAToPatchPrimaryResource()) {
            PrimaryUpdateAndCacheUtils.ssaPatchStatusAndCacheResource(resource, statusOnly(resource, status), context);
        } else {
            // a JSON Patch from the status the reconcile started with to the new one, as JOSDK sends
            PrimaryUpdateAndCacheUtils.patchStatusAndCacheResource(withStatus(resource, before), context, current -> {
                setStatus(current, status);
                return current;
            });
        }
        return UpdateControl.noUpdate();
    }

    private static boolean changed(CustomResource<?, ?> resource, JsonNode before) {
        return !Serialization.jsonMapper().valueToTree(resource.getStatus()).equals(before);
    }

    @SuppressWarnings({ "unchecked", "rawtypes" })
    private static void setStatus(CustomResource resource, Object status) {
        resource.setStatus(status);
    }

    /** A copy of the resource carrying the status it had before the reconcile. */
    private static <R extends CustomResource<?, ?>> R withStatus(R resource, JsonNode before) {
        R copy = Serialization.clone(resource);
        Object status = before == null || before.isNull() ? null
                : Serialization.jsonMapper().convertValue(before, resource.getStatus().getClass());
        setStatus(copy, status);
        return copy;
    }

    /** The object server-side apply sends: identity and status, nothing of spec. */
    @SuppressWarnings("unchecked")
    private static <R extends CustomResource<?, ?>> R statusOnly(R resource, Object status) {
        try {
            R copy = (R) resource.getClass().getConstructor().newInstance();
            copy.setMetadata(new ObjectMetaBuilder().withName(resource.getMetadata().getName())
                    .withNamespace(resource.getMetadata().getNamespace()).build());
            setStatus(copy, status);
            return copy;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(resource.getClass() + " has no public no-argument constructor", e);
        }
    }
}
