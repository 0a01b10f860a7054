package io.workflowdb.operator.api.v1alpha1;

import java.util.Optional;
import java.util.function.Supplier;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A namespaced kind of the workflowdb.io group: it starts with an empty status and keeps its spec as
 * the API server stored it (see {@link StoredSpec}). Each kind adds its own annotations and the
 * descriptions of its spec and status.
 */
// The build names every CustomResource class it finds, abstract ones too, before it skips them:
// these two give this class a name; each kind still declares its own.
@Group(WorkflowDatabase.GROUP)
@Version(WorkflowDatabase.VERSION)
@JsonIgnoreProperties(ignoreUnknown = true)
public abstract class WorkflowDbResource<S, T> extends CustomResource<S, T> implements Namespaced, StoredSpec.Holder {

    @JsonIgnore
    private final Class<S> specType;
    @JsonIgnore
    private StoredSpec stored;

    protected WorkflowDbResource(Class<S> specType, Supplier<T> emptyStatus) {
        this.specType = specType;
        setStatus(emptyStatus.get());
    }

    /** Reads spec keeping it as stored, so that validation judges what the API server holds. */
    @JsonSetter("spec")
    void readSpec(JsonNode json) {
        stored = StoredSpec.read(json, specType);
        setSpec(stored.typed());
    }

    @Override
    public Optional<JsonNode> storedSpec() {
        return StoredSpec.current(stored, getSpec());
    }
}
