package io.workflowdb.operator.sandbox.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** JSON for the API server's unit tests, written with single quotes so it reads well inside Java strings. */
final class QuotedJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private QuotedJson() {
    }

    static JsonNode json(String singleQuoted) {
        try {
            return JSON.readTree(singleQuoted.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
