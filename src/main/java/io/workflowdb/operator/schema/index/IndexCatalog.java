package io.workflowdb.operator.schema.index;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.workflowdb.operator.schema.index.IndexSnapshot.ObservedIndex;
import io.workflowdb.operator.schema.index.IndexSnapshot.ObservedTable;
import io.workflowdb.operator.schema.index.IndexSnapshot.Partition;
import io.workflowdb.operator.sql.Identifiers;
import io.workflowdb.operator.sql.Identifiers.QualifiedName;

/** Reads an {@link IndexSnapshot} in two queries: the named tables with their partitions, then the indexes. */
final class IndexCatalog {

    /** Each reference resolved as PostgreSQL would (search_path), with its partition tree, parents first. */
    private static final String TABLES = """
            SELECT r.reference, tn.nspname, t.relname, t.relkind = 'p',
                   pn.nspname, p.relname, p.relkind = 'p', qn.nspname, q.relname
            FROM unnest(?::text[], ?::text[]) AS r(reference, quoted)
            JOIN pg_class t ON t.oid = to_regclass(r.quoted)
            JOIN pg_namespace tn ON tn.oid = t.relnamespace
            LEFT JOIN LATERAL pg_partition_tree(t.oid) AS tree ON tree.level > 0
            LEFT JOIN pg_class p ON p.oid = tree.relid
            LEFT JOIN pg_namespace pn ON pn.oid = p.relnamespace
            LEFT JOIN pg_class q ON q.oid = tree.parentrelid
            LEFT JOIN pg_namespace qn ON qn.oid = q.relnamespace
            ORDER BY r.reference, tree.level, pn.nspname, p.relname
            """;

    /** Every index outside the system schemas; an index lives in its table's schema. */
    private static final String INDEXES = """
            SELECT n.nspname, c.relname, t.relname, i.indisvalid, c.relkind = 'I',
                   obj_description(c.oid, 'pg_class'), pn.nspname, p.relname
            FROM pg_index i
            JOIN pg_class c ON c.oid = i.indexrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_class t ON t.oid = i.indrelid
            LEFT JOIN pg_inherits h ON h.inhrelid = c.oid
            LEFT JOIN pg_class p ON p.oid = h.inhparent
            LEFT JOIN pg_namespace pn ON pn.oid = p.relnamespace
            WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(toast|temp)'
            ORDER BY n.nspname, c.relname
            """;

    private IndexCatalog() {
    }

    static IndexSnapshot read(Connection connection, List<String> tableReferences) throws SQLException {
        return new IndexSnapshot(tables(connection, tableReferences), indexes(connection));
    }

    private static Map<String, ObservedTable> tables(Connection connection, List<String> references) throws SQLException {
        List<String> distinct = references.stream().distinct().toList();
        Map<String, QualifiedName> names = new LinkedHashMap<>();
        Map<String, Boolean> partitioned = new LinkedHashMap<>();
        Map<String, List<Partition>> partitions = new LinkedHashMap<>();
        try (PreparedStatement st = connection.prepareStatement(TABLES)) {
            st.setArray(1, connection.createArrayOf("text", distinct.toArray()));
            st.setArray(2, connection.createArrayOf("text", distinct.stream().map(IndexCatalog::quotedOrNull).toArray()));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    String reference = rs.getString(1);
                    names.putIfAbsent(reference, new QualifiedName(rs.getString(2), rs.getString(3)));
                    partitioned.putIfAbsent(reference, rs.getBoolean(4));
                    List<Partition> tree = partitions.computeIfAbsent(reference, r -> new ArrayList<>());
                    if (rs.getString(6) != null) {
                        tree.add(new Partition(new QualifiedName(rs.getString(5), rs.getString(6)),
                                new QualifiedName(rs.getString(8), rs.getString(9)), rs.getBoolean(7)));
                    }
                }
            }
        }
        Map<String, ObservedTable> tables = new LinkedHashMap<>();
        names.forEach((reference, name) -> tables.put(reference,
                new ObservedTable(name, partitioned.get(reference), partitions.get(reference))));
        return tables;
    }

    /** A reference that is not a valid name resolves to nothing rather than failing the query. */
    private static String quotedOrNull(String reference) {
        try {
            return Identifiers.quoteQualified(reference);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static List<ObservedIndex> indexes(Connection connection) throws SQLException {
        List<ObservedIndex> indexes = new ArrayList<>();
        try (PreparedStatement st = connection.prepareStatement(INDEXES); ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                String schema = rs.getString(1);
                QualifiedName parent = rs.getString(8) == null ? null : new QualifiedName(rs.getString(7), rs.getString(8));
                indexes.add(new ObservedIndex(new QualifiedName(schema, rs.getString(2)), new QualifiedName(schema, rs.getString(3)),
                        rs.getBoolean(4), rs.getBoolean(5), rs.getString(6), parent));
            }
        }
        return indexes;
    }
}
