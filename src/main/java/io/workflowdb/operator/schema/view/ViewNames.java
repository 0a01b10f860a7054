package io.workflowdb.operator.schema.view;

import java.nio.charset.StandardCharsets;

import io.workflowdb.operator.sql.Identifiers;

/**
 * Every name the operator uses for one declared view: the view, its unique index, and the
 * temporary view (and index) a changed definition is built under before the swap. All live in the
 * view's schema. Derived names are cut to 63 bytes with a hash of the view name, so two long names
 * sharing a prefix never collide and PostgreSQL never silently truncates them.
 *
 * @param declared the name as written in the spec, which keys the status
 */
record ViewNames(String declared, String schema, String view, String uniqueIndex, String tempView, String tempUniqueIndex) {

    static final String UNIQUE_INDEX_SUFFIX = "_ukey";
    static final String TEMP_SUFFIX = "_next";

    /** Names for a declared view; an unqualified name lives in {@code defaultSchema}. */
    static ViewNames of(String declared, String defaultSchema) {
        Identifiers.QualifiedName q = Identifiers.QualifiedName.parse(declared);
        String view = q.name();
        return new ViewNames(declared, q.schemaOr(defaultSchema), view,
                derive(view, UNIQUE_INDEX_SUFFIX),
                derive(view, TEMP_SUFFIX),
                derive(view, TEMP_SUFFIX + UNIQUE_INDEX_SUFFIX));
    }

    String qualifiedView() {
        return qualified(view);
    }

    String qualifiedUniqueIndex() {
        return qualified(uniqueIndex);
    }

    String qualifiedTempView() {
        return qualified(tempView);
    }

    String qualifiedTempUniqueIndex() {
        return qualified(tempUniqueIndex);
    }

    private String qualified(String name) {
        return Identifiers.quote(schema) + "." + Identifiers.quote(name);
    }

    static String derive(String base, String suffix) {
        if (bytes(base + suffix) <= Identifiers.MAX_BYTES) {
            return base + suffix;
        }
        String tag = "_" + ViewDefinition.sha256Hex(base).substring(0, 8);
        int room = Identifiers.MAX_BYTES - bytes(tag + suffix);
        StringBuilder head = new StringBuilder();
        for (int i = 0; i < base.length(); i = base.offsetByCodePoints(i, 1)) {
            String next = Character.toString(base.codePointAt(i));
            if (bytes(head + next) > room) {
                break;
            }
            head.append(next);
        }
        return head + tag + suffix;
    }

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
