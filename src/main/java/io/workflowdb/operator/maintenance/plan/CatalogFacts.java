package io.workflowdb.operator.maintenance.plan;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the planner needs to know of the database: the named materialized views as PostgreSQL
 * resolves them, and the INVALID indexes.
 *
 * @param views keyed by the name as the spec writes it; a name that resolves to nothing is absent
 */
public record CatalogFacts(Map<String, View> views, List<InvalidIndex> invalidIndexes) {

    public CatalogFacts {
        views = Map.copyOf(views);
        invalidIndexes = List.copyOf(invalidIndexes);
    }

    public static final CatalogFacts EMPTY = new CatalogFacts(Map.of(), List.of());

    /**
     * A relation a spec name resolved to.
     *
     * @param materialized whether it is a materialized view (else REFRESH fails with PostgreSQL's message)
     * @param populated    false until the view's first refresh when it was created WITH NO DATA
     */
    public record View(String schema, String name, boolean materialized, boolean populated) {
    }

    /**
     * An index whose {@code pg_index.indisvalid} is false.
     *
     * @param comment      its COMMENT, which marks the indexes the schema pass manages
     * @param building     whether a CREATE INDEX or REINDEX is running on its table right now
     * @param tableIndexes the names of every index of its table, to tell a REINDEX leftover from its original
     */
    public record InvalidIndex(String schema, String name, String table, String comment, boolean building,
            Set<String> tableIndexes) {

        public InvalidIndex {
            tableIndexes = Set.copyOf(tableIndexes);
        }

        public String label() {
            return schema + "." + name;
        }
    }
}
