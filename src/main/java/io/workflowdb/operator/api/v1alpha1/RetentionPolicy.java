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
public class RetentionPolicy extends WorkflowDbResource<RetentionPolicySpec, RetentionPolicyStatus> {

    public RetentionPolicy() {
        super(RetentionPolicySpec.class, RetentionPolicyStatus::new);
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
