package io.workflowdb.operator.validation;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lexical checks of SQL text a spec carries. They reject what could end or hide a statement.
 *
 * <p>The text is tokenized with PostgreSQL's own rules for its quoting forms, as its lexer
 * ({@code scan.l}) applies them with {@code standard_conforming_strings = on}: plain strings
 * {@code '…'} and national or bit strings {@code N'…'}, {@code B'…'}, {@code X'…'} end at a quote not
 * doubled; escape strings {@code E'…'} also take a backslash as escaping the next character, so
 * {@code E'x\'} is not yet closed; Unicode strings and identifiers {@code U&'…'}, {@code U&"…"} follow
 * the plain rules; quoted identifiers {@code "…"} end at a double quote not doubled. A prefix letter
 * counts only where a token starts ({@code xe'…'} is the identifier {@code xe} and a plain string).
 *
 * <p>Outside those tokens a fragment must not contain a statement separator {@code ;}, comments
 * ({@code --}, {@code /*}, {@code *}{@code /}), a backslash, or dollar quoting; parentheses must
 * balance. A plain string must not contain a backslash either: with
 * {@code standard_conforming_strings = off} PostgreSQL would read {@code '…\'} as an escape string and
 * end it elsewhere, so such a literal means the same text only under one setting. {@code E'…'}
 * states backslash escapes explicitly and is accepted.
 */
final class SqlFragments {

    private static final Pattern VOLATILE = Pattern.compile(
            "\\b(now|clock_timestamp|statement_timestamp|transaction_timestamp|timeofday|random)\\s*\\(|"
                    + "\\b(current_timestamp|current_date|current_time|localtimestamp|localtime)\\b");

    private SqlFragments() {
    }

    /** The result of one scan: the first problem, or the text with literals blanked out. */
    private record Scan(String problem, String code) {
    }

    /** Scans outside string literals and quoted identifiers; returns the first problem found. */
    static Optional<String> problem(String sql) {
        return Optional.ofNullable(scan(sql).problem());
    }

    /** The first non-immutable time or random function the text calls, if any (outside literals). */
    static Optional<String> volatileFunction(String sql) {
        Scan scan = scan(sql);
        String code = scan.code() == null ? sql : scan.code();
        Matcher m = VOLATILE.matcher(code.toLowerCase(Locale.ROOT));
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(m.group(1) != null ? m.group(1) : m.group(2));
    }

    private static Scan scan(String sql) {
        if (sql.indexOf('\0') >= 0) {
            return new Scan("must not contain NUL", null);
        }
        StringBuilder code = new StringBuilder(sql.length());
        int depth = 0;
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (isIdentStart(c)) {
                int end = i + 1;
                while (end < n && isIdentCont(sql.charAt(end))) {
                    end++;
                }
                String word = sql.substring(i, end);
                char next = end < n ? sql.charAt(end) : 0;
                if (next == '\'' && (word.equalsIgnoreCase("e"))) {
                    int close = closeEscapeString(sql, end);
                    if (close < 0) {
                        return new Scan("has an unterminated string literal", null);
                    }
                    code.append("''");
                    i = close;
                } else if (next == '\'' && isPlainPrefix(word)) {
                    // N'…', B'…', X'…': the prefix goes, the string is scanned as a plain one below
                    i = end;
                } else if (next == '&' && word.equalsIgnoreCase("u") && end + 1 < n
                        && (sql.charAt(end + 1) == '\'' || sql.charAt(end + 1) == '"')) {
                    char quote = sql.charAt(end + 1);
                    Literal literal = closeQuoted(sql, end + 1, quote);
                    if (literal == null) {
                        return new Scan(unterminated(quote), null);
                    }
                    // the backslash is U&'…''s escape character for code points; it cannot end the literal
                    code.append(quote == '\'' ? "''" : "u&\"\"");
                    i = literal.end();
                } else {
                    code.append(word);
                    i = end;
                }
                continue;
            }
            switch (c) {
                case '\'' -> {
                    Literal literal = closeQuoted(sql, i, '\'');
                    if (literal == null) {
                        return new Scan("has an unterminated string literal", null);
                    }
                    if (literal.backslash()) {
                        return new Scan(backslashInPlainString(), null);
                    }
                    code.append("''");
                    i = literal.end();
                    continue;
                }
                case '"' -> {
                    Literal literal = closeQuoted(sql, i, '"');
                    if (literal == null) {
                        return new Scan("has an unterminated quoted identifier", null);
                    }
                    // a quoted identifier names a function as well as a column: keep its text
                    code.append(' ').append(sql, i + 1, literal.end() - 1).append(' ');
                    i = literal.end();
                    continue;
                }
                case '$' -> {
                    if (i + 1 < n && Character.isDigit(sql.charAt(i + 1))) {
                        code.append(c);
                        i++;
                        continue;
                    }
                    return new Scan("must not use dollar quoting", null);
                }
                case ';' -> {
                    return new Scan(forbidden(";"), null);
                }
                case '\\' -> {
                    return new Scan(forbidden("\\"), null);
                }
                case '-' -> {
                    if (i + 1 < n && sql.charAt(i + 1) == '-') {
                        return new Scan(forbidden("--"), null);
                    }
                }
                case '/' -> {
                    if (i + 1 < n && sql.charAt(i + 1) == '*') {
                        return new Scan(forbidden("/*"), null);
                    }
                }
                case '*' -> {
                    if (i + 1 < n && sql.charAt(i + 1) == '/') {
                        return new Scan(forbidden("*/"), null);
                    }
                }
                case '(' -> depth++;
                case ')' -> {
                    if (--depth < 0) {
                        return new Scan("has an unmatched ')'", null);
                    }
                }
                default -> {
                }
            }
            code.append(c);
            i++;
        }
        if (depth != 0) {
            return new Scan("has an unmatched '('", null);
        }
        return new Scan(null, code.toString());
    }

    /** Where a quoted token opened at {@code open} ends (one past its closing quote), and whether it holds a backslash. */
    private record Literal(int end, boolean backslash) {
    }

    /** A token quoted with {@code quote}, a doubled quote standing for one; null when unterminated. */
    private static Literal closeQuoted(String sql, int open, char quote) {
        boolean backslash = false;
        for (int i = open + 1; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c == '\\') {
                backslash = true;
            } else if (c == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i++;
                } else {
                    return new Literal(i + 1, backslash);
                }
            }
        }
        return null;
    }

    /** One past the end of the escape string whose quote is at {@code open}; -1 when unterminated. */
    private static int closeEscapeString(String sql, int open) {
        for (int i = open + 1; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c == '\\') {
                i++; // the next character, whatever it is, belongs to the literal
            } else if (c == '\'') {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == '\'') {
                    i++;
                } else {
                    return i + 1;
                }
            }
        }
        return -1;
    }

    /** Prefixes of string literals lexed like a plain string: national character, bit and hex strings. */
    private static boolean isPlainPrefix(String word) {
        return word.equalsIgnoreCase("n") || word.equalsIgnoreCase("b") || word.equalsIgnoreCase("x");
    }

    /** PostgreSQL's {@code ident_start}: a letter, an underscore or any non-ASCII character. */
    private static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
    }

    /** PostgreSQL's {@code ident_cont}: also digits and {@code $}. */
    private static boolean isIdentCont(char c) {
        return isIdentStart(c) || (c >= '0' && c <= '9') || c == '$';
    }

    private static String unterminated(char quote) {
        return "has an unterminated " + (quote == '\'' ? "string literal" : "quoted identifier");
    }

    private static String forbidden(String token) {
        return "must not contain '" + token + "': it has to be a single expression without comments";
    }

    private static String backslashInPlainString() {
        return "has a backslash in a plain string literal, which PostgreSQL reads differently when "
                + "standard_conforming_strings is off; write it as an escape string E'…' with \\\\";
    }
}
