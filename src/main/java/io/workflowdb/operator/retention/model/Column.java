package io.workflowdb.operator.retention.model;

/**
 * One column of a table as the catalog describes it.
 *
 * @param type the type as {@code format_type} prints it, such as {@code timestamp with time zone}
 * @param identity {@code pg_attribute.attidentity}: empty, {@code a} (ALWAYS) or {@code d} (BY DEFAULT)
 * @param generated whether the column is {@code GENERATED ALWAYS AS (...) STORED}
 */
public record Column(String name, String type, boolean notNull, boolean hasDefault, String identity, boolean generated) {

    public boolean identityAlways() {
        return "a".equals(identity);
    }
}
