package io.workflowdb.operator.cli;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.workflowdb.operator.api.v1alpha1.MaintenancePolicy;
import io.workflowdb.operator.api.v1alpha1.PartitionPolicy;
import io.workflowdb.operator.api.v1alpha1.RetentionPolicy;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.cluster.WorkflowDatabaseRules;
import io.workflowdb.operator.maintenance.MaintenancePolicyRules;
import io.workflowdb.operator.partition.PartitionPolicyRules;
import io.workflowdb.operator.retention.RetentionPolicyRules;
import io.workflowdb.operator.validation.ResourceValidator;
import io.workflowdb.operator.validation.SpecRules;
import io.workflowdb.operator.validation.Violation;

/** The four kinds with the rules their reconcilers apply: the CLI judges files as the operator would. */
final class ResourceKinds {

    static final String API_VERSION = WorkflowDatabase.GROUP + "/" + WorkflowDatabase.VERSION;

    private record Kind<T extends CustomResource<?, ?>>(Class<T> type, SpecRules<T> rules) {

        List<Violation> validate(ResourceValidator validator, JsonNode document) {
            T resource = Serialization.jsonMapper().convertValue(document, type);
            return validator.validate(resource, rules);
        }
    }

    private static final Map<String, Kind<?>> KINDS = Map.of(
            "WorkflowDatabase", new Kind<>(WorkflowDatabase.class, WorkflowDatabaseRules::check),
            "PartitionPolicy", new Kind<>(PartitionPolicy.class, PartitionPolicyRules::check),
            "RetentionPolicy", new Kind<>(RetentionPolicy.class, RetentionPolicyRules::check),
            "MaintenancePolicy", new Kind<>(MaintenancePolicy.class, MaintenancePolicyRules::check));

    private ResourceKinds() {
    }

    static boolean isKnown(String kind) {
        return KINDS.containsKey(kind);
    }

    /**
     * Reads the document as the operator's informers read a stored object and judges it with the same
     * validator: the schema sees the spec as written (unknown fields, wrong types), the kind's own rules
     * its typed form once the schema passed.
     */
    static List<Violation> validate(ResourceValidator validator, JsonNode document) {
        return KINDS.get(document.path("kind").asText()).validate(validator, document);
    }
}
