package io.workflowdb.operator.sql;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The one place identifiers become SQL text. Every name, even one the CRD schema already
 * constrained, is quoted here; nothing else concatenates names into statements.
 */
public final class Identifiers {

    /** PostgreSQL truncates identifiers longer than NAMEDATALEN-1 bytes; we refuse them instead. */
    public static final int MAX_BYTES = 63;

    private static final Pattern PLAIN = Pattern.compile("[a-z_][a-z0-9_$]*");

    private Identifiers() {
    }

    /** Quotes one identifier: {@code tasks} becomes {@code "tasks"}, embedded quotes are doubled. */
    public static String quote(String name) {
        requireValid(name);
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** Quotes a possibly schema-qualified name: {@code public.tasks} becomes {@code "public"."tasks"}. */
    public static String quoteQualified(String qualifiedName) {
        QualifiedName q = QualifiedName.parse(qualifiedName);
        return q.schema() == null ? quote(q.name()) : quote(q.schema()) + "." + quote(q.name());
    }

    /** Whether a name is an unquoted PostgreSQL identifier in folded (lower-case) form. */
    public static boolean isPlain(String name) {
        return name != null && PLAIN.matcher(name).matches() && byteLength(name) <= MAX_BYTES;
    }

    static void requireValid(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("identifier must not be empty");
        }
        if (name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("identifier must not contain NUL");
        }
        if (byteLength(name) > MAX_BYTES) {
            throw new IllegalArgumentException("identifier \"" + name + "\" is longer than " + MAX_BYTES + " bytes");
        }
    }

    private static int byteLength(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** A name with an optional schema, as written in a spec: {@code tasks} or {@code public.tasks}. */
    public record QualifiedName(String schema, String name) {

        public static QualifiedName parse(String text) {
            if (text == null || text.isEmpty()) {
                throw new IllegalArgumentException("name must not be empty");
            }
            int dot = text.indexOf('.');
            if (dot < 0) {
                requireValid(text);
                return new QualifiedName(null, text);
            }
            if (text.indexOf('.', dot + 1) >= 0) {
                throw new IllegalArgumentException("\"" + text + "\" has more than one '.'; write table or schema.table");
            }
            String schema = text.substring(0, dot);
            String name = text.substring(dot + 1);
            requireValid(schema);
            requireValid(name);
            return new QualifiedName(schema, name);
        }

        /** The schema, or {@code defaultSchema} when the name was unqualified. */
        public String schemaOr(String defaultSchema) {
            return schema == null ? defaultSchema : schema;
        }
    }
}
