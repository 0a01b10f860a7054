package io.workflowdb.operator.schema.migration;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The workflow schema's migrations, shipped in the artifact under {@value #LOCATION}. */
final class BuiltinScripts {

    static final String LOCATION = "db/workflowdb/builtin/";

    /** Listed rather than scanned, so that the packaged application finds them whatever its class loader. */
    static final List<String> FILES = List.of("V1__workflow_schema.sql");

    private BuiltinScripts() {
    }

    static List<MigrationScript> all() {
        return FILES.stream().map(file -> new MigrationScript(file, read(file))).toList();
    }

    private static String read(String file) {
        try (InputStream in = BuiltinScripts.class.getClassLoader().getResourceAsStream(LOCATION + file)) {
            if (in == null) {
                throw new IllegalStateException("built-in migration " + LOCATION + file + " is missing from the artifact");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read built-in migration " + file, e);
        }
    }
}
