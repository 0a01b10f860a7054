package io.workflowdb.operator.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/** Reads multi-document YAML files the way every command does, and names what it read. */
final class ResourceFiles {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ResourceFiles() {
    }

    /** The non-empty documents of a file. */
    static List<JsonNode> documents(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("no such file");
        }
        List<JsonNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            for (JsonNode document : it.readAll()) {
                if (document != null && !document.isNull() && !document.isEmpty()) {
                    documents.add(document);
                }
            }
        }
        return documents;
    }

    static boolean isOurs(JsonNode document) {
        return ResourceKinds.API_VERSION.equals(document.path("apiVersion").asText())
                && ResourceKinds.isKnown(document.path("kind").asText());
    }

    static String describe(JsonNode document) {
        JsonNode meta = document.path("metadata");
        String namespace = meta.path("namespace").asText("");
        String name = meta.path("name").asText("<unnamed>");
        return document.path("kind").asText("<no kind>") + " " + (namespace.isEmpty() ? "" : namespace + "/") + name;
    }

    static String readable(IOException e) {
        if (e instanceof JsonProcessingException j) {
            return j.getOriginalMessage() + (j.getLocation() != null ? " at line " + j.getLocation().getLineNr() : "");
        }
        return e.getMessage();
    }
}
