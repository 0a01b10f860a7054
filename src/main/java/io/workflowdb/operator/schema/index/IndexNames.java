package io.workflowdb.operator.schema.index;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import io.workflowdb.operator.sql.Identifiers;
import io.workflowdb.operator.sql.ManagedIndexes;

/**
 * Names the operator derives from a declared index name. All are deterministic, so a later
 * reconcile recognises what an interrupted one left behind, and all fit PostgreSQL's 63 bytes:
 * a name that would be longer is cut and ends in a short hash of what was cut.
 */
final class IndexNames {

    static final String TEMPORARY_SUFFIX = ManagedIndexes.TEMPORARY_SUFFIX;
    static final String RETIRED_SUFFIX = ManagedIndexes.RETIRED_SUFFIX;

    private static final int HASH_CHARS = 8;

    private IndexNames() {
    }

    /** Where a new index is built before it takes the declared name. */
    static String temporary(String name) {
        return fit(name, TEMPORARY_SUFFIX);
    }

    /** Where the previous index waits, for the moment of the swap, until it is dropped. */
    static String retired(String name) {
        return fit(name, RETIRED_SUFFIX);
    }

    /** The index of {@code partition} attached to the partitioned index {@code parentIndex}. */
    static String child(String parentIndex, String partition) {
        return fit(parentIndex, "_" + partition);
    }

    private static String fit(String base, String suffix) {
        String whole = base + suffix;
        if (bytes(whole) <= Identifiers.MAX_BYTES) {
            return whole;
        }
        String tail = "_" + sha256(whole).substring(0, HASH_CHARS);
        StringBuilder head = new StringBuilder();
        for (int i = 0; i < whole.length(); ) {
            int codePoint = whole.codePointAt(i);
            String next = head + new String(Character.toChars(codePoint));
            if (bytes(next + tail) > Identifiers.MAX_BYTES) {
                break;
            }
            head.appendCodePoint(codePoint);
            i += Character.charCount(codePoint);
        }
        return head + tail;
    }

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
