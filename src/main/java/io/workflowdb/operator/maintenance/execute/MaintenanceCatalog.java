package io.workflowdb.operator.maintenance.execute;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.workflowdb.operator.api.v1alpha1.MaintenancePolicySpec;
import io.workflowdb.operator.maintenance.plan.CatalogFacts;
import io.workflowdb.operator.maintenance.plan.CatalogFacts.InvalidIndex;
import io.workflowdb.operator.maintenance.plan.CatalogFacts.View;
import io.workflowdb.operator.sql.Identifiers;

/** Reads the {@link CatalogFacts} a spec needs, and nothing when it needs none. */
public final class MaintenanceCatalog {

    /** Each spec name resolved as PostgreSQL would (search_path), bound as a parameter. */
    private static final String VIEWS = """
            SELECT r.name, n.nspname, c.relname, c.relkind = 'm', c.relispopulated
              FROM unnest(?::text[], ?::text[]) AS r(name, quoted)
              JOIN pg_class c ON c.oid = to_regclass(r.quoted)
              JOIN pg_namespace n ON n.oid = c.relnamespace
            """;

    /**
     * INVALID plain indexes outside the system schemas (TOAST indexes cannot be rebuilt
     * concurrently; a partitioned index is invalid until its partitions' are attached, which a
     * rebuild does not do). {@code building}: a CREATE INDEX or REINDEX runs on the table now.
     */
    private static final String INVALID_INDEXES = """
            SELECT n.nspname, c.relname, t.relname, obj_description(c.oid, 'pg_class'),
                   EXISTS (SELECT 1 FROM pg_stat_progress_create_index p
                            WHERE p.relid = i.indrelid
                              AND p.datid = (SELECT oid FROM pg_database WHERE datname = current_database())),
                   ARRAY(SELECT s.relname FROM pg_index si JOIN pg_class s ON s.oid = si.indexrelid
                          WHERE si.indrelid = i.indrelid)
              FROM pg_index i
              JOIN pg_class c ON c.oid = i.indexrelid
              JOIN pg_namespace n ON n.oid = c.relnamespace
              JOIN pg_class t ON t.oid = i.indrelid
             WHERE NOT i.indisvalid AND c.relkind = 'i'
               AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(toast|temp)'
            """;

    private MaintenanceCatalog() {
    }

    public static CatalogFacts read(Connection c, MaintenancePolicySpec spec) throws SQLException {
        List<String> names = spec.refreshMaterializedViews == null || spec.refreshMaterializedViews.names == null
                ? List.of() : spec.refreshMaterializedViews.names;
        Map<String, View> views = names.isEmpty() ? Map.of() : views(c, names);
        List<InvalidIndex> invalid = Boolean.TRUE.equals(spec.reindexInvalid) ? invalidIndexes(c) : List.of();
        return new CatalogFacts(views, invalid);
    }

    private static Map<String, View> views(Connection c, List<String> names) throws SQLException {
        Map<String, View> views = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(VIEWS)) {
            ps.setArray(1, c.createArrayOf("text", names.toArray()));
            ps.setArray(2, c.createArrayOf("text", names.stream().map(MaintenanceCatalog::quotedOrNull).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    views.put(rs.getString(1), new View(rs.getString(2), rs.getString(3), rs.getBoolean(4), rs.getBoolean(5)));
                }
            }
        }
        return views;
    }

    private static List<InvalidIndex> invalidIndexes(Connection c) throws SQLException {
        List<InvalidIndex> indexes = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(INVALID_INDEXES); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Array siblings = rs.getArray(6);
                indexes.add(new InvalidIndex(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getBoolean(5), Set.copyOf(Arrays.asList((String[]) siblings.getArray()))));
            }
        }
        return indexes;
    }

    /** A name that is not a valid identifier resolves to nothing rather than failing the query. */
    private static String quotedOrNull(String name) {
        try {
            return Identifiers.quoteQualified(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
