package io.workflowdb.operator.cluster;

import java.util.List;

import io.workflowdb.operator.config.OperatorConfig;

/**
 * What an operator's administrator lets a WorkflowDatabase choose among, because the choice runs
 * code in PostgreSQL's pods: the container image and the shared libraries PostgreSQL preloads. The
 * offline {@code validate} and {@code render} commands use {@link #defaults()}; the running operator
 * reads {@code workflowdb.cluster.allowed-images} and {@code workflowdb.cluster.allowed-preload-libraries}.
 *
 * @param images entries a {@code spec.image} must match: an exact image ({@code repo:tag} or
 *        {@code repo@sha256:…}), a repository ({@code ghcr.io/zalando/spilo-17}, any tag or digest), or a
 *        prefix ending in {@code /} ({@code registry.example.com/postgres/}, every repository below it)
 * @param preloadLibraries library names {@code shared_preload_libraries} may list
 */
public record SpecAllowLists(List<String> images, List<String> preloadLibraries) {

    public static final String DEFAULT_ALLOWED_IMAGES = OperatorConfig.Cluster.DEFAULT_ALLOWED_IMAGES;
    public static final String DEFAULT_ALLOWED_PRELOAD_LIBRARIES = OperatorConfig.Cluster.DEFAULT_ALLOWED_PRELOAD_LIBRARIES;

    /**
     * The lists as the operator's configuration gives them; the image the operator runs when
     * spec.image is unset is allowed whatever the list says.
     */
    public static SpecAllowLists of(OperatorConfig.Cluster config) {
        List<String> images = new java.util.ArrayList<>(config.allowedImages());
        images.add(config.patroniImage());
        return new SpecAllowLists(images, config.allowedPreloadLibraries());
    }

    public SpecAllowLists {
        images = List.copyOf(images);
        preloadLibraries = List.copyOf(preloadLibraries);
    }

    public static SpecAllowLists defaults() {
        return new SpecAllowLists(List.of(DEFAULT_ALLOWED_IMAGES.split(",")),
                List.of(DEFAULT_ALLOWED_PRELOAD_LIBRARIES.split(",")));
    }

    /** Whether {@code image} matches one of {@link #images}. */
    public boolean allowsImage(String image) {
        String repository = repository(image);
        for (String entry : images) {
            String e = entry.strip();
            if (e.isEmpty()) {
                continue;
            }
            boolean matches = e.endsWith("/") ? image.startsWith(e) && !image.substring(e.length()).isEmpty()
                    : image.equals(e) || repository.equals(e);
            if (matches) {
                return true;
            }
        }
        return false;
    }

    public boolean allowsPreloadLibrary(String library) {
        return preloadLibraries.stream().map(String::strip).anyMatch(library::equals);
    }

    /** The image without its digest and tag: {@code reg:5000/a/b:1@sha256:…} → {@code reg:5000/a/b}. */
    static String repository(String image) {
        String name = image;
        int at = name.indexOf('@');
        if (at >= 0) {
            name = name.substring(0, at);
        }
        int colon = name.lastIndexOf(':');
        if (colon > name.lastIndexOf('/')) {
            name = name.substring(0, colon);
        }
        return name;
    }
}
