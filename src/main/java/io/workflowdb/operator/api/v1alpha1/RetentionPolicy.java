package io.workflowdb.operator.api.v1alpha1;

import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** Scheduled, batched archival or deletion of old rows of one table. */
@Group(WorkflowDatabase.GROUP)
@Version(WorkflowDatabase.VERSION)
@Kind("RetentionPolicy")
@Plural("retentionpolicies")
@Singular("retentionpolicy")
@ShortNames("wfrp")
@Categories(WorkflowDatabase.CATEGORY)
@AdditionalPrinterColumn(name = "Table", jsonPath = ".spec.table", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Action", jsonPath = ".spec.action", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Schedule", jsonPath = ".spec.schedule", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Last-Run", jsonPath = ".status.lastRun.finishedAt", type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "Rows", jsonPath = ".status.lastRun.rows", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
@JsonIgnoreProperties(ignoreUnknown = true)
public class RetentionPolicy extends CustomResource<RetentionPolicySpec, RetentionPolicyStatus> implements Namespaced, StoredSpec.Holder {

    @JsonIgnore
    private StoredSpec stored;

    /** Reads spec keeping it as stored, so that validation judges what the API server holds. */
    @JsonSetter("spec")
    void readSpec(JsonNode json) {
        stored = StoredSpec.read(json, RetentionPolicySpec.class);
        setSpec(stored.typed());
    }

    @Override
    public Optional<JsonNode> storedSpec() {
        return StoredSpec.current(stored, getSpec());
    }

    @Override
    protected RetentionPolicyStatus initStatus() {
        return new RetentionPolicyStatus();
    }

    @Override
    @JsonPropertyDescription("Which rows to archive or delete, and when.")
    public RetentionPolicySpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("Progress of runs, with conditions.")
    public RetentionPolicyStatus getStatus() {
        return super.getStatus();
    }
}
