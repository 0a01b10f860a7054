package io.workflowdb.operator.status;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.Serialization;
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
        JsonNode after = Serialization.jsonMapper().valueToTree(resource.getStatus());
        return after.equals(before) ? UpdateControl.noUpdate() : UpdateControl.patchStatus(resource);
    }
}
