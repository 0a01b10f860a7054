package io.workflowdb.operator.cluster.pgbouncer;

import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Writes the INI files PgBouncer reads: sections in the order the caller adds them, keys sorted
 * within a section (so the same settings always give the same bytes and pods do not roll for
 * nothing), one {@code key = value} line per setting.
 *
 * <p>PgBouncer's parser has no escapes: a value runs to the end of its line, quotes are kept
 * verbatim. So the writer cannot make a dangerous value safe; it refuses it. What it refuses, and
 * why, is {@link #problem(String)}, which the spec validator uses too.
 */
public final class IniWriter {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");

    private final StringBuilder out = new StringBuilder();
    private final Set<String> sections = new HashSet<>();

    /** Adds a {@code ;} comment line. */
    public IniWriter comment(String text) {
        if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0 || text.indexOf('\0') >= 0) {
            throw new IniValueException("comment must be one line without NUL");
        }
        out.append("; ").append(text).append('\n');
        return this;
    }

    /** Adds a section with its settings, sorted by key. */
    public IniWriter section(String name, Map<String, String> settings) {
        if (keyProblem(name).isPresent()) {
            throw new IniValueException("section name is not letters, digits, '_', '.' or '-'");
        }
        if (!sections.add(name)) {
            throw new IniValueException("section [" + name + "] is written twice");
        }
        if (out.length() > 0) {
            out.append('\n');
        }
        out.append('[').append(name).append("]\n");
        new TreeMap<>(settings).forEach((key, value) -> {
            keyProblem(key).ifPresent(p -> fail(name, key, p));
            problem(value).ifPresent(p -> fail(name, key, p));
            // "key =" rather than "key = " for an empty value: no trailing white space in the file
            out.append(key).append(value.isEmpty() ? " =" : " = " + value).append('\n');
        });
        return this;
    }

    public String render() {
        return out.toString();
    }

    /** Why a key cannot be written, if it cannot. */
    public static Optional<String> keyProblem(String key) {
        if (key == null || !NAME.matcher(key).matches()) {
            return Optional.of("key must be letters, digits, '_', '.' or '-'");
        }
        return Optional.empty();
    }

    /**
     * Why a value cannot be written, if it cannot. Refused: line breaks and NUL (they end the line
     * and start a new setting or section), other control characters, {@code ;} and {@code #},
     * {@code [}, {@code %include}, white space at either end, and unbalanced quotes.
     *
     * <p>PgBouncer 1.18 treats {@code ;} and {@code #} as comment starters only at the beginning of
     * a line, so inside a value they are literal, quoted or not. They are refused anyway: other INI
     * readers and people reading the file take them for inline comments, and no PgBouncer setting
     * needs them. White space at the ends is refused because PgBouncer trims it, so the setting
     * would not be what the spec says.
     */
    public static Optional<String> problem(String value) {
        if (value == null) {
            return Optional.of("value is missing");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\n' || c == '\r') {
                return Optional.of("value must be one line");
            }
            if (c == '\0') {
                return Optional.of("value must not contain NUL");
            }
            if (Character.isISOControl(c)) {
                return Optional.of("value must not contain control characters");
            }
            if (c == ';' || c == '#') {
                return Optional.of("value must not contain '" + c + "', which starts a comment in INI files");
            }
            if (c == '[') {
                return Optional.of("value must not contain '[', which starts a section in INI files");
            }
        }
        if (value.toLowerCase(Locale.ROOT).contains("%include")) {
            return Optional.of("value must not contain %include, which pulls in another file");
        }
        if (!value.equals(value.strip())) {
            return Optional.of("value must not start or end with white space, which PgBouncer drops");
        }
        if (count(value, '\'') % 2 != 0 || count(value, '"') % 2 != 0) {
            return Optional.of("value must not contain an unbalanced quote");
        }
        return Optional.empty();
    }

    private static long count(String value, char c) {
        return value.chars().filter(x -> x == c).count();
    }

    private static void fail(String section, String key, String problem) {
        throw new IniValueException("[" + section + "] " + printable(key) + ": " + problem);
    }

    /** The key as one line of a message: control characters escaped. */
    private static String printable(String key) {
        if (key == null) {
            return "(null key)";
        }
        StringBuilder b = new StringBuilder();
        key.chars().forEach(c -> b.append(Character.isISOControl(c)
                ? String.format("\\u%04x", c)
                : Character.toString(c)));
        return b.toString();
    }
}
