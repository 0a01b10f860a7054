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

/** Scheduled ANALYZE, VACUUM, materialized-view refresh, invalid-index repair and reports. */
@Group(WorkflowDatabase.GROUP)
@Version(WorkflowDatabase.VERSION)
@Kind("MaintenancePolicy")
@Plural("maintenancepolicies")
@Singular("maintenancepolicy")
@ShortNames("wfmp")
@Categories(WorkflowDatabase.CATEGORY)
@AdditionalPrinterColumn(name = "Database", jsonPath = ".spec.databaseRef.name", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Schedule", jsonPath = ".spec.schedule", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Last-Run", jsonPath = ".status.lastRun.finishedAt", type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "Outcome", jsonPath = ".status.lastRun.outcome", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
@JsonIgnoreProperties(ignoreUnknown = true)
public class MaintenancePolicy extends CustomResource<MaintenancePolicySpec, MaintenancePolicyStatus> implements Namespaced, StoredSpec.Holder {

    @JsonIgnore
    private StoredSpec stored;

    /** Reads spec keeping it as stored, so that validation judges what the API server holds. */
    @JsonSetter("spec")
    void readSpec(JsonNode json) {
        stored = StoredSpec.read(json, MaintenancePolicySpec.class);
        setSpec(stored.typed());
    }

    @Override
    public Optional<JsonNode> storedSpec() {
        return StoredSpec.current(stored, getSpec());
    }

    @Override
    protected MaintenancePolicyStatus initStatus() {
        return new MaintenancePolicyStatus();
    }

    @Override
    @JsonPropertyDescription("Which maintenance to run, and when.")
    public MaintenancePolicySpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("The latest run and its reports, with conditions.")
    public MaintenancePolicyStatus getStatus() {
        return super.getStatus();
    }
}
