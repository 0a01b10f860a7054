package io.workflowdb.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** A PostgreSQL database of the workflow system: a Patroni cluster with PgBouncer, or an external server. */
@Group(WorkflowDatabase.GROUP)
@Version(WorkflowDatabase.VERSION)
@Kind("WorkflowDatabase")
@Plural("workflowdatabases")
@Singular("workflowdatabase")
@ShortNames("wfdb")
@Categories(WorkflowDatabase.CATEGORY)
@AdditionalPrinterColumn(name = "Instances", jsonPath = ".status.instances", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Running", jsonPath = ".status.readyInstances", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Primary", jsonPath = ".status.primary", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Schema", jsonPath = ".status.conditions[?(@.type==\"SchemaApplied\")].reason", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Health", jsonPath = ".status.health.status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
// Every name derived from metadata.name stays valid: Services and pod host names need DNS-1035
// labels, and the StatefulSet's controller-revision-hash label <name>-<10 characters> at most 63.
@ValidationRule(value = "size(self.metadata.name) <= 52 && self.metadata.name.matches('^[a-z]([-a-z0-9]*[a-z0-9])?$')",
        message = "metadata.name must be at most 52 lowercase letters, digits and '-', start with a letter and end with a letter or digit")
public class WorkflowDatabase extends WorkflowDbResource<WorkflowDatabaseSpec, WorkflowDatabaseStatus> {

    public static final String GROUP = "workflowdb.io";
    public static final String VERSION = "v1alpha1";
    public static final String CATEGORY = "workflowdb";

    public WorkflowDatabase() {
        super(WorkflowDatabaseSpec.class, WorkflowDatabaseStatus::new);
    }

    @Override
    @JsonPropertyDescription("What the database should be: cluster or external server, pooler, schema, monitoring.")
    public WorkflowDatabaseSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("What the operator observed and did, with conditions.")
    public WorkflowDatabaseStatus getStatus() {
        return super.getStatus();
    }
}
