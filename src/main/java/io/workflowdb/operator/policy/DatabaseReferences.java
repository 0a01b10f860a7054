package io.workflowdb.operator.policy;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.workflowdb.operator.api.v1alpha1.DatabaseBound;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;

/**
 * Links a policy to the WorkflowDatabase its {@code spec.databaseRef} names: an informer on
 * WorkflowDatabases whose events wake every policy that points at the changed (or newly created)
 * database, found through an index on the policies' cache rather than a scan.
 */
public final class DatabaseReferences {

    static final String INDEX = "workflowdb.io/databaseRef";

    private DatabaseReferences() {
    }

    public static <P extends CustomResource<? extends DatabaseBound, ?>> InformerEventSource<WorkflowDatabase, P> eventSource(
            EventSourceContext<P> context) {
        context.getPrimaryCache().addIndexer(INDEX, policy -> {
            String name = referencedName(policy);
            return name == null ? List.of() : List.of(key(policy.getMetadata().getNamespace(), name));
        });
        InformerEventSourceConfiguration<WorkflowDatabase> config = InformerEventSourceConfiguration
                .from(WorkflowDatabase.class, context.getPrimaryResourceClass())
                .withSecondaryToPrimaryMapper(database -> context.getPrimaryCache()
                        .byIndex(INDEX, key(database.getMetadata().getNamespace(), database.getMetadata().getName()))
                        .stream().map(ResourceID::fromResource).collect(Collectors.toSet()))
                .<P>withPrimaryToSecondaryMapper(policy -> {
                    String name = referencedName(policy);
                    return name == null ? Set.of() : Set.of(new ResourceID(name, policy.getMetadata().getNamespace()));
                })
                .build();
        return new InformerEventSource<>(config, context);
    }

    static String referencedName(CustomResource<? extends DatabaseBound, ?> policy) {
        DatabaseBound spec = policy.getSpec();
        return spec == null || spec.databaseRef() == null ? null : spec.databaseRef().name;
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }
}
