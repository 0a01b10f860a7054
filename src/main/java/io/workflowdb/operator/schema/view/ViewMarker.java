package io.workflowdb.operator.schema.view;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The comment the operator puts on every materialized view it creates:
 * {@code workflowdb:v1 def=<sha256 of the definition>}. It proves ownership (a view without it is
 * never dropped or replaced) and records which definition the view was built from.
 */
final class ViewMarker {

    private static final String PREFIX = "workflowdb:v1 def=";
    private static final Pattern FORMAT = Pattern.compile(Pattern.quote(PREFIX) + "([0-9a-f]{64})");

    private ViewMarker() {
    }

    static String of(String definitionHash) {
        String marker = PREFIX + definitionHash;
        if (!FORMAT.matcher(marker).matches()) {
            throw new IllegalArgumentException("not a SHA-256 hex digest: " + definitionHash);
        }
        return marker;
    }

    /** The definition hash a comment carries, or empty when the comment is not the operator's marker. */
    static Optional<String> definitionHash(String comment) {
        if (comment == null) {
            return Optional.empty();
        }
        Matcher m = FORMAT.matcher(comment);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
