package io.workflowdb.operator.validation;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Lexical checks of SQL text a spec carries. They reject what could end or hide a statement. */
final class SqlFragments {

    private static final Pattern VOLATILE = Pattern.compile(
            "\\b(now|clock_timestamp|statement_timestamp|transaction_timestamp|timeofday|random)\\s*\\(|"
                    + "\\b(current_timestamp|current_date|current_time|localtimestamp|localtime)\\b");

    private static final List<String> FORBIDDEN = List.of(";", "--", "/*", "*/", "\\");

    private SqlFragments() {
    }

    /** Scans outside string literals and quoted identifiers; returns the first problem found. */
    static Optional<String> problem(String sql) {
        if (sql.indexOf('\0') >= 0) {
            return Optional.of("must not contain NUL");
        }
        int depth = 0;
        char quote = 0;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    boolean doubled = i + 1 < sql.length() && sql.charAt(i + 1) == quote;
                    if (doubled) {
                        i++;
                    } else {
                        quote = 0;
                    }
                }
                continue;
            }
            if (c == '\'' || c == '"') {
                quote = c;
                continue;
            }
            if (c == '$' && isDollarQuote(sql, i)) {
                return Optional.of("must not use dollar quoting");
            }
            for (String f : FORBIDDEN) {
                if (sql.startsWith(f, i)) {
                    return Optional.of("must not contain '" + f + "': it has to be a single expression without comments");
                }
            }
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth < 0) {
                return Optional.of("has an unmatched ')'");
            }
        }
        if (quote != 0) {
            return Optional.of("has an unterminated " + (quote == '\'' ? "string literal" : "quoted identifier"));
        }
        if (depth != 0) {
            return Optional.of("has an unmatched '('");
        }
        return Optional.empty();
    }

    /** Whether {@code $} at {@code start} opens a dollar quote: {@code $$} or {@code $tag$}. */
    private static boolean isDollarQuote(String sql, int start) {
        int end = sql.indexOf('$', start + 1);
        if (end < 0) {
            return false;
        }
        String tag = sql.substring(start + 1, end);
        return (tag.isEmpty() || Character.isLetter(tag.charAt(0)))
                && tag.chars().allMatch(ch -> Character.isLetterOrDigit(ch) || ch == '_');
    }

    /** The first non-immutable time or random function the text calls, if any (outside literals). */
    static Optional<String> volatileFunction(String sql) {
        Matcher m = VOLATILE.matcher(stripLiterals(sql).toLowerCase(Locale.ROOT));
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(m.group(1) != null ? m.group(1) : m.group(2));
    }

    private static String stripLiterals(String sql) {
        return sql.replaceAll("'([^']|'')*'", "''");
    }
}
