package io.workflowdb.operator.schema.migration;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;

import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.resource.LoadableResource;

/**
 * Feeds Flyway the scripts it was given instead of scanning a location: user migrations arrive as
 * ConfigMap data, and listing class-path directories is unreliable inside Quarkus's class loaders.
 */
final class ScriptResourceProvider implements ResourceProvider {

    private final List<ScriptResource> resources;

    ScriptResourceProvider(List<MigrationScript> scripts) {
        this.resources = scripts.stream().map(ScriptResource::new).toList();
    }

    @Override
    public LoadableResource getResource(String name) {
        return resources.stream().filter(r -> r.getFilename().equals(name)).findFirst().orElse(null);
    }

    @Override
    public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
        return resources.stream()
                .filter(r -> r.getFilename().startsWith(prefix))
                .filter(r -> Arrays.stream(suffixes).anyMatch(r.getFilename()::endsWith))
                .map(LoadableResource.class::cast)
                .toList();
    }
}
