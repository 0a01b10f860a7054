package io.workflowdb.operator.retention.model;

/**
 * A foreign key of another table (or of the table itself) that references the source table.
 *
 * @param table the referencing table, {@code schema.name}
 * @param onDelete {@code pg_constraint.confdeltype}: {@code a} NO ACTION, {@code r} RESTRICT,
 *        {@code c} CASCADE, {@code n} SET NULL, {@code d} SET DEFAULT
 */
public record ReferencingKey(String constraint, String table, String onDelete) {

    /** Whether deleting a referenced row changes rows of the referencing table instead of failing. */
    public boolean propagates() {
        return "c".equals(onDelete) || "n".equals(onDelete) || "d".equals(onDelete);
    }

    /** The action as SQL writes it. */
    public String action() {
        return switch (onDelete) {
            case "c" -> "ON DELETE CASCADE";
            case "n" -> "ON DELETE SET NULL";
            case "d" -> "ON DELETE SET DEFAULT";
            case "r" -> "ON DELETE RESTRICT";
            default -> "ON DELETE NO ACTION";
        };
    }
}
