package io.workflowdb.operator.retention.model;

import java.util.List;
import java.util.Optional;

import io.workflowdb.operator.sql.Identifiers;

/**
 * A table as resolved by the database (its real schema, even when the spec left it out), with its
 * columns in order and its primary key.
 *
 * @param primaryKey the primary key's columns in index order; empty when the table has none
 */
public record TableShape(String schema, String name, List<Column> columns, List<String> primaryKey) {

    /** The table's name for SQL, schema-qualified and quoted. */
    public String quoted() {
        return Identifiers.quote(schema) + "." + Identifiers.quote(name);
    }

    /** The table's name for people: {@code public.tasks}. */
    public String label() {
        return schema + "." + name;
    }

    public Optional<Column> column(String columnName) {
        return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
    }
}
