package io.workflowdb.operator.schema.view;

import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reads the {@link ViewSnapshot} from the catalog. */
final class ViewCatalog {

    private static final String MATERIALIZED_VIEWS = """
            SELECT n.nspname, c.relname, c.relispopulated, obj_description(c.oid, 'pg_class'),
                   ARRAY(SELECT i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
                          WHERE x.indrelid = c.oid AND x.indisunique AND x.indisvalid)
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE c.relkind = 'm'""";

    private ViewCatalog() {
    }

    static ViewSnapshot read(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            String defaultSchema;
            try (ResultSet rs = st.executeQuery("SELECT current_schema()")) {
                rs.next();
                defaultSchema = rs.getString(1);
            }
            if (defaultSchema == null) {
                throw new SQLException("no schema of search_path exists, so unqualified view names have no home");
            }
            List<ObservedView> views = new ArrayList<>();
            try (ResultSet rs = st.executeQuery(MATERIALIZED_VIEWS)) {
                while (rs.next()) {
                    Array indexes = rs.getArray(5);
                    views.add(new ObservedView(rs.getString(1), rs.getString(2), rs.getString(4), rs.getBoolean(3),
                            Set.of((String[]) indexes.getArray())));
                }
            }
            return new ViewSnapshot(defaultSchema, views);
        }
    }
}
