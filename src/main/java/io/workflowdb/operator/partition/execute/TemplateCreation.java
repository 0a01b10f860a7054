package io.workflowdb.operator.partition.execute;

import java.sql.SQLException;

import io.workflowdb.operator.partition.model.PartitionAction.CreateParentFromTemplate;
import io.workflowdb.operator.sql.Identifiers;

/**
 * Creates a missing table, partitioned, with the shape of a template table ({@code LIKE template
 * INCLUDING ALL}). The template's primary key is checked first: the seed's {@code LIKE ...
 * INCLUDING ALL} fails exactly when it lacks the partition key, with a message that does not say
 * what to do.
 */
final class TemplateCreation {

    private TemplateCreation() {
    }

    static void run(Step step, String qualifiedTable, String keyColumn, CreateParentFromTemplate action)
            throws SQLException {
        String template = Identifiers.quoteQualified(action.template());
        step.inTransaction(s -> {
            if (!s.relationExists(template)) {
                throw new SQLException("template table " + action.template() + " does not exist");
            }
            EmptyTableConversion.requireKeyInPrimaryKey(s, template, action.template(), keyColumn);
            s.execute(EmptyTableConversion.createPartitionedLike(Identifiers.quoteQualified(qualifiedTable), template,
                    action.strategy(), keyColumn));
            return null;
        });
    }
}
