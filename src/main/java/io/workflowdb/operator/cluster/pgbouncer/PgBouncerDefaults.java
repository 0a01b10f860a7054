package io.workflowdb.operator.cluster.pgbouncer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/** The base [pgbouncer] settings from {@code config/pgbouncer/pgbouncer.ini}, which travels in the artifact. */
final class PgBouncerDefaults {

    static final String RESOURCE = "META-INF/workflowdb/config/pgbouncer/pgbouncer.ini";

    private static final Map<String, String> SETTINGS = load();

    private PgBouncerDefaults() {
    }

    static Map<String, String> settings() {
        return SETTINGS;
    }

    private static Map<String, String> load() {
        try (InputStream in = PgBouncerDefaults.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            Map<String, Map<String, String>> sections =
                    IniReader.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            if (!sections.keySet().equals(Set.of("pgbouncer"))) {
                throw new IllegalStateException(RESOURCE + " must hold exactly one section, [pgbouncer]; found "
                        + sections.keySet());
            }
            return Map.copyOf(sections.get("pgbouncer"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
