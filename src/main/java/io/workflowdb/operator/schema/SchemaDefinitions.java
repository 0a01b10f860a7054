package io.workflowdb.operator.schema;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.workflowdb.operator.api.v1alpha1.SchemaSpec;
import io.workflowdb.operator.schema.migration.MigrationScript;

/**
 * A digest of each declared object, so that a failure is tried again at once when what failed
 * was changed. Migrations share one digest: any edit of any script, or of the built-in switch,
 * lets the failed migration run again.
 */
final class SchemaDefinitions {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SchemaDefinitions() {
    }

    /** The digest of any object by key: a declared index or view, or any migration. */
    static Function<SchemaRetries.Key, String> of(SchemaSpec spec, List<MigrationScript> scripts) {
        String migrations = migrations(spec, scripts);
        Map<SchemaRetries.Key, String> out = new LinkedHashMap<>();
        if (spec.indexes != null) {
            spec.indexes.forEach(i -> out.put(new SchemaRetries.Key(SchemaRetries.INDEX, i.name), digest(i)));
        }
        if (spec.materializedViews != null) {
            spec.materializedViews.forEach(v -> out.put(new SchemaRetries.Key(SchemaRetries.VIEW, v.name), digest(v)));
        }
        return key -> SchemaRetries.MIGRATION.equals(key.kind()) ? migrations : out.get(key);
    }

    /** The digest of every migration: the built-in switch and each script's name and text. */
    private static String migrations(SchemaSpec spec, List<MigrationScript> scripts) {
        StringBuilder all = new StringBuilder(String.valueOf(spec.workflow));
        scripts.forEach(s -> all.append('\0').append(s.file()).append('\0').append(s.sql()));
        return sha256(all.toString());
    }

    private static String digest(Object declared) {
        try {
            return sha256(JSON.writeValueAsString(declared));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a declared schema object", e);
        }
    }

    private static String sha256(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
