package io.workflowdb.operator.schema.index;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.workflowdb.operator.sql.ManagedIndexes;

/**
 * The COMMENT that makes an index the operator's: {@code workflowdb:v1 def=<sha256>} and, for a
 * rolling window, {@code cutoff=<instant> built=<instant>}. The operator drops, rebuilds or renames
 * only indexes that carry it; everything else in the database is left as it is.
 *
 * @param definitionHash SHA-256 of the canonical definition, so a changed spec is noticed
 * @param cutoff         the literal lower bound of a rolling window, or null
 * @param built          when the rolling window was last built, or null
 */
record OwnershipMarker(String definitionHash, Instant cutoff, Instant built) {

    static final String PREFIX = ManagedIndexes.MARKER_V1;

    private static final Pattern FORMAT = Pattern.compile(
            Pattern.quote(PREFIX) + " def=([0-9a-f]{64})(?: cutoff=(\\S+) built=(\\S+))?");

    OwnershipMarker {
        Objects.requireNonNull(definitionHash, "definitionHash");
        if ((cutoff == null) != (built == null)) {
            throw new IllegalArgumentException("cutoff and built go together");
        }
    }

    String render() {
        String text = PREFIX + " def=" + definitionHash;
        return cutoff == null ? text : text + " cutoff=" + cutoff + " built=" + built;
    }

    /** The marker in an index comment, or empty when the comment is not one of ours. */
    static Optional<OwnershipMarker> parse(String comment) {
        if (comment == null) {
            return Optional.empty();
        }
        Matcher m = FORMAT.matcher(comment.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            Instant cutoff = m.group(2) == null ? null : Instant.parse(m.group(2));
            Instant built = m.group(3) == null ? null : Instant.parse(m.group(3));
            return Optional.of(new OwnershipMarker(m.group(1), cutoff, built));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
