package io.workflowdb.operator.sandbox.api;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A list's {@code fieldSelector}, split in two: the CRUD mock evaluates {@code metadata.name} and
 * {@code metadata.namespace} itself but treats any other field as an attribute no stored object
 * has. {@code kubectl describe} lists Events with
 * {@code involvedObject.name=...,involvedObject.namespace=...,involvedObject.kind=...,involvedObject.uid=...},
 * so those requirements are taken out of the request and checked here on the listed objects.
 */
final class FieldSelector {

    private record Requirement(String field, String value, boolean equal) {

        boolean metadata() {
            return field.equals("metadata.name") || field.equals("metadata.namespace");
        }

        @Override
        public String toString() {
            return field + (equal ? "=" : "!=") + value;
        }
    }

    private final List<Requirement> requirements;

    private FieldSelector(List<Requirement> requirements) {
        this.requirements = requirements;
    }

    /** {@code a=b,c==d,e!=f}; null or blank selects everything. */
    static FieldSelector parse(String selector) {
        List<Requirement> requirements = new ArrayList<>();
        if (selector != null) {
            for (String term : selector.split(",")) {
                term = term.trim();
                if (term.isEmpty()) {
                    continue;
                }
                int notEqual = term.indexOf("!=");
                if (notEqual >= 0) {
                    requirements.add(new Requirement(term.substring(0, notEqual).trim(),
                            term.substring(notEqual + 2).trim(), false));
                    continue;
                }
                int equal = term.indexOf('=');
                if (equal < 0) {
                    throw new IllegalArgumentException("invalid field selector requirement: " + term);
                }
                String value = term.substring(term.startsWith("=", equal + 1) ? equal + 2 : equal + 1);
                requirements.add(new Requirement(term.substring(0, equal).trim(), value.trim(), true));
            }
        }
        return new FieldSelector(requirements);
    }

    /** The requirements the CRUD mock handles itself, as a selector; null when there are none. */
    String forMock() {
        String mock = requirements.stream().filter(Requirement::metadata).map(Requirement::toString)
                .collect(Collectors.joining(","));
        return mock.isEmpty() ? null : mock;
    }

    /** Whether some requirement is left for {@link #matches}. */
    boolean hasOtherFields() {
        return requirements.stream().anyMatch(r -> !r.metadata());
    }

    /** Whether the object meets the requirements the mock does not check; a missing field is "". */
    boolean matches(JsonNode object) {
        for (Requirement r : requirements) {
            if (r.metadata()) {
                continue;
            }
            JsonNode node = object;
            for (String part : r.field().split("\\.")) {
                node = node.path(part);
            }
            String actual = node.isValueNode() ? node.asText() : "";
            if (actual.equals(r.value()) != r.equal()) {
                return false;
            }
        }
        return true;
    }
}
