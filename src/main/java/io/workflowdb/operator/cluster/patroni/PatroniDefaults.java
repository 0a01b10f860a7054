package io.workflowdb.operator.cluster.patroni;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The base settings from {@code config/patroni/patroni.yml}, which travels in the artifact. */
final class PatroniDefaults {

    static final String RESOURCE = "META-INF/workflowdb/config/patroni/patroni.yml";

    private static final PatroniConfig.Bootstrap BOOTSTRAP = load();

    private PatroniDefaults() {
    }

    static PatroniConfig.Bootstrap bootstrap() {
        return BOOTSTRAP;
    }

    private static PatroniConfig.Bootstrap load() {
        try (InputStream in = PatroniDefaults.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            PatroniConfig config = PatroniYaml.read(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            PatroniConfig.Bootstrap bootstrap = config.bootstrap();
            boolean onlyBootstrap = config.withoutBootstrap().equals(new PatroniConfig(null, null, null, null, null, null, null));
            if (!onlyBootstrap || bootstrap == null || bootstrap.dcs() == null || bootstrap.dcs().postgresql() == null) {
                throw new IllegalStateException(RESOURCE + " must hold bootstrap.dcs.postgresql and nothing outside"
                        + " bootstrap: the operator sets the other sections itself");
            }
            return bootstrap;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
