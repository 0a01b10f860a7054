package io.workflowdb.operator.retention.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import io.workflowdb.operator.api.v1alpha1.RetentionPolicyReason;
import io.workflowdb.operator.api.v1alpha1.RetentionPolicySpec;
import io.workflowdb.operator.api.v1alpha1.WhereFilter;
import io.workflowdb.operator.retention.model.Column;
import io.workflowdb.operator.retention.model.ReferencingKey;
import io.workflowdb.operator.retention.model.RetentionProblem;
import io.workflowdb.operator.retention.model.TableShape;

/**
 * What must hold before a run moves a single row, decided from the catalog alone: the tables and
 * columns exist, the archive fits the source, and no foreign key would make the delete change
 * other tables unasked.
 */
public final class RetentionChecks {

    private RetentionChecks() {
    }

    /**
     * @param source the source table, or empty when it does not exist
     * @param archive the archive table, or empty when it does not exist (or the action is delete)
     */
    public static Optional<RetentionProblem> problem(RetentionPolicySpec spec, Optional<TableShape> source,
            Optional<TableShape> archive, List<ReferencingKey> referencing) {
        if (source.isEmpty()) {
            return problem(RetentionPolicyReason.TableMissing, "table " + spec.table + " does not exist");
        }
        TableShape table = source.get();
        if (table.primaryKey().isEmpty()) {
            return problem(RetentionPolicyReason.NoPrimaryKey, "table " + table.label()
                    + " has no primary key; batches need one to find the rows they lock");
        }
        Optional<Column> ts = table.column(spec.timestampColumn);
        if (ts.isEmpty()) {
            return problem(RetentionPolicyReason.ColumnMismatch, "table " + table.label() + " has no column " + spec.timestampColumn);
        }
        if (!isTemporal(ts.get().type())) {
            return problem(RetentionPolicyReason.ColumnMismatch, "column " + spec.timestampColumn + " of " + table.label() + " is "
                    + ts.get().type() + "; timestampColumn must be a timestamp, timestamptz or date column");
        }
        List<String> unknown = (spec.where == null ? List.<WhereFilter> of() : spec.where).stream()
                .map(f -> f.column).filter(c -> table.column(c).isEmpty()).distinct().toList();
        if (!unknown.isEmpty()) {
            return problem(RetentionPolicyReason.ColumnMismatch, "table " + table.label() + " has no column "
                    + String.join(", ", unknown) + " named in spec.where");
        }
        List<ReferencingKey> propagating = referencing.stream().filter(ReferencingKey::propagates).toList();
        if (!propagating.isEmpty() && !Boolean.TRUE.equals(spec.allowCascade)) {
            return problem(RetentionPolicyReason.CascadingForeignKey, "deleting rows of " + table.label()
                    + " would change other tables through " + describe(propagating)
                    + "; set spec.allowCascade: true to accept that, or change the constraints");
        }
        if (spec.action == RetentionPolicySpec.Action.ARCHIVE) {
            if (archive.isEmpty()) {
                return spec.archive.createIfMissing == null || spec.archive.createIfMissing ? Optional.empty()
                        : problem(RetentionPolicyReason.ArchiveMissing, "archive table " + spec.archive.table
                                + " does not exist and spec.archive.createIfMissing is false");
            }
            return archiveMismatch(table, archive.get()).map(m -> new RetentionProblem(RetentionPolicyReason.ArchiveMismatch, m));
        }
        return Optional.empty();
    }

    /**
     * Whether every source column has a column of the same name and type in the archive that takes
     * an explicit value, and every archive-only column can be left out of the insert.
     */
    public static Optional<String> archiveMismatch(TableShape source, TableShape archive) {
        if (source.label().equals(archive.label())) {
            return Optional.of("archive table " + archive.label() + " is the source table");
        }
        List<String> missing = new ArrayList<>();
        List<String> types = new ArrayList<>();
        List<String> refusing = new ArrayList<>();
        for (Column column : source.columns()) {
            Optional<Column> target = archive.column(column.name());
            if (target.isEmpty()) {
                missing.add(column.name());
            } else if (!target.get().type().equals(column.type())) {
                types.add(column.name() + " (" + column.type() + " in the source, " + target.get().type() + " in the archive)");
            } else if (target.get().generated() || target.get().identityAlways()) {
                refusing.add(column.name() + " (" + (target.get().generated() ? "generated" : "GENERATED ALWAYS AS IDENTITY")
                        + " in the archive)");
            }
        }
        List<String> unfilled = archive.columns().stream()
                .filter(c -> source.column(c.name()).isEmpty() && c.notNull() && !c.hasDefault() && !c.generated()
                        && c.identity().isEmpty())
                .map(Column::name).toList();
        List<String> parts = new ArrayList<>();
        if (!missing.isEmpty()) {
            parts.add("missing in the archive: " + String.join(", ", missing));
        }
        if (!types.isEmpty()) {
            parts.add("different types: " + String.join(", ", types));
        }
        if (!refusing.isEmpty()) {
            parts.add("not writable: " + String.join(", ", refusing));
        }
        if (!unfilled.isEmpty()) {
            parts.add("NOT NULL without a default and not in the source: " + String.join(", ", unfilled));
        }
        return parts.isEmpty() ? Optional.empty()
                : Optional.of("archive table " + archive.label() + " does not fit " + source.label() + ": "
                        + String.join("; ", parts));
    }

    static boolean isTemporal(String type) {
        return type.startsWith("timestamp") || type.equals("date");
    }

    static String describe(List<ReferencingKey> keys) {
        return keys.stream().map(k -> "constraint " + k.constraint() + " on " + k.table() + " (" + k.action() + ")")
                .collect(Collectors.joining(", "));
    }

    private static Optional<RetentionProblem> problem(RetentionPolicyReason reason, String message) {
        return Optional.of(new RetentionProblem(reason, message));
    }
}
