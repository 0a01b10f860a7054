package io.workflowdb.operator.cluster.patroni;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * Writes and reads {@link PatroniConfig} as YAML. Output is deterministic: properties and map keys
 * sorted, no document start marker, no line folding. Every string value is double-quoted, because
 * Patroni reads YAML 1.1, where plain {@code on}, {@code 0x10}, {@code 10:20} or {@code =} are no
 * longer strings. Reading fails on keys the model does not know, so golden files catch drift.
 */
public final class PatroniYaml {

    private static final YAMLMapper MAPPER = YAMLMapper.builder(YAMLFactory.builder()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .disable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .disable(YAMLGenerator.Feature.SPLIT_LINES)
                    .build())
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private static final ObjectMapper MAPS = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private PatroniYaml() {
    }

    public static String write(PatroniConfig config) {
        try {
            return MAPPER.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the Patroni configuration", e);
        }
    }

    /** Parses Patroni YAML; an unknown key is an error. */
    public static PatroniConfig read(String yaml) {
        try {
            return MAPPER.readValue(yaml, PatroniConfig.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a Patroni configuration the operator writes: "
                    + e.getOriginalMessage(), e);
        }
    }

    /** The dynamic configuration as the plain map {@code GET /config} answers and {@code PATCH /config} takes. */
    static Map<String, Object> toMap(PatroniConfig.DynamicConfig dcs) {
        return MAPS.convertValue(dcs, new TypeReference<Map<String, Object>>() {
        });
    }

    /** SHA-256 of the YAML of {@code config}, as lower-case hex. */
    static String sha256(PatroniConfig config) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(write(config).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
