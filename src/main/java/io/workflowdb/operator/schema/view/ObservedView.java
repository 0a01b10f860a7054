package io.workflowdb.operator.schema.view;

import java.util.Optional;
import java.util.Set;

/**
 * One materialized view as the catalog shows it.
 *
 * @param comment its {@code COMMENT}, null when it has none
 * @param populated false after {@code REFRESH ... WITH NO DATA}: it cannot be read nor refreshed concurrently
 * @param uniqueIndexes names of its valid unique indexes
 */
record ObservedView(String schema, String name, String comment, boolean populated, Set<String> uniqueIndexes) {

    ObservedView {
        uniqueIndexes = Set.copyOf(uniqueIndexes);
    }

    boolean managed() {
        return definitionHash().isPresent();
    }

    /** The definition it was built from, when it carries the operator's marker. */
    Optional<String> definitionHash() {
        return ViewMarker.definitionHash(comment);
    }
}
