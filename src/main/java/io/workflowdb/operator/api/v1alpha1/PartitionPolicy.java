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

/** Range or hash partitioning of one table, with premade partitions and retention. */
@Group(WorkflowDatabase.GROUP)
@Version(WorkflowDatabase.VERSION)
@Kind("PartitionPolicy")
@Plural("partitionpolicies")
@Singular("partitionpolicy")
@ShortNames("wfpp")
@Categories(WorkflowDatabase.CATEGORY)
@AdditionalPrinterColumn(name = "Table", jsonPath = ".spec.table", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Strategy", jsonPath = ".status.strategy", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Partitions", jsonPath = ".status.partitions", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Covered-Until", jsonPath = ".status.coveredUntil", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Conversion", jsonPath = ".status.conversion.phase", type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Last-Run", jsonPath = ".status.lastRun.finishedAt", type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class PartitionPolicy extends WorkflowDbResource<PartitionPolicySpec, PartitionPolicyStatus> {

    public PartitionPolicy() {
        super(PartitionPolicySpec.class, PartitionPolicyStatus::new);
    }

    @Override
    @JsonPropertyDescription("Which table to partition, how, and how long to keep partitions.")
    public PartitionPolicySpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("Partitions found, coverage and the latest upkeep run, with conditions.")
    public PartitionPolicyStatus getStatus() {
        return super.getStatus();
    }
}
