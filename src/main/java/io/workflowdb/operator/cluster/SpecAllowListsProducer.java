package io.workflowdb.operator.cluster;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Reads {@link SpecAllowLists} from the operator's configuration, defaulting each to {@link SpecAllowLists#defaults()}. */
@ApplicationScoped
public class SpecAllowListsProducer {

    @ConfigProperty(name = "workflowdb.cluster.allowed-images", defaultValue = SpecAllowLists.DEFAULT_ALLOWED_IMAGES)
    List<String> allowedImages;

    @ConfigProperty(name = "workflowdb.cluster.allowed-preload-libraries",
            defaultValue = SpecAllowLists.DEFAULT_ALLOWED_PRELOAD_LIBRARIES)
    List<String> allowedPreloadLibraries;

    /** The image the operator runs when spec.image is unset is allowed whatever the list says. */
    @ConfigProperty(name = "workflowdb.cluster.patroni-image", defaultValue = ClusterSettings.DEFAULT_PATRONI_IMAGE)
    String patroniImage;

    // Singleton, not ApplicationScoped: a record cannot be proxied.
    @Produces
    @Singleton
    SpecAllowLists allowLists() {
        List<String> images = new java.util.ArrayList<>(allowedImages);
        images.add(patroniImage);
        return new SpecAllowLists(images, allowedPreloadLibraries);
    }
}
