package io.workflowdb.operator.validation;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.google.re2j.Pattern;

/**
 * Evaluates a CRD {@code pattern} the way the API server does: Go's RE2 syntax, searched anywhere in
 * the text (anchors are the pattern's own), with {@code $} matching only at the very end of the text.
 * {@link java.util.regex} differs: its {@code $} also matches before a final line break, so
 * {@code "tasks\n"} would pass {@code ^[a-z_]+$}.
 */
public final class CrdPatterns {

    private static final Map<String, Pattern> COMPILED = new ConcurrentHashMap<>();

    private CrdPatterns() {
    }

    /** Whether {@code text} satisfies {@code regex} as a CRD pattern. */
    public static boolean matches(String regex, String text) {
        return text != null && COMPILED.computeIfAbsent(regex, Pattern::compile).matcher(text).find();
    }
}
