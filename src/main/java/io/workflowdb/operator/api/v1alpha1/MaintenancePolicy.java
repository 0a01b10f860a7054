package io.workflowdb.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
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
public class MaintenancePolicy extends WorkflowDbResource<MaintenancePolicySpec, MaintenancePolicyStatus> {

    public MaintenancePolicy() {
        super(MaintenancePolicySpec.class, MaintenancePolicyStatus::new);
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
