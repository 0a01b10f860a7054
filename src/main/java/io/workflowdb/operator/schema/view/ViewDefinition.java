package io.workflowdb.operator.schema.view;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * What a declared view is made of, reduced to a hash: a change of the query or of the unique key
 * means the view must be rebuilt. Whitespace outside literals and quoted identifiers does not
 * count, so reformatting a query in YAML does not rebuild the view.
 */
record ViewDefinition(String query, List<String> uniqueKey) {

    ViewDefinition {
        uniqueKey = uniqueKey == null ? List.of() : List.copyOf(uniqueKey);
    }

    /** SHA-256 of the normalized query and the unique key, in lower-case hex. */
    String hash() {
        return sha256Hex(normalize(query) + "\nunique key: " + String.join(",", uniqueKey));
    }

    static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Collapses each run of whitespace outside quotes to one space and trims the ends. */
    static String normalize(String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        char quote = 0;
        boolean pendingSpace = false;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (quote == 0 && Character.isWhitespace(c)) {
                pendingSpace = out.length() > 0;
                continue;
            }
            if (pendingSpace) {
                out.append(' ');
                pendingSpace = false;
            }
            out.append(c);
            if (quote == 0 && (c == '\'' || c == '"')) {
                quote = c;
            } else if (c == quote) {
                // a doubled quote inside a literal closes and reopens it, which leaves us inside
                quote = 0;
            }
        }
        return out.toString();
    }
}
