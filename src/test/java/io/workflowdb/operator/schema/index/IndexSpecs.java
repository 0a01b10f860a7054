package io.workflowdb.operator.schema.index;

import java.util.List;
import java.util.Map;

import io.workflowdb.operator.api.v1alpha1.IndexColumn;
import io.workflowdb.operator.api.v1alpha1.IndexSpec;
import io.workflowdb.operator.api.v1alpha1.RollingWindow;

/** Index declarations for tests, written the way a user would write them in a resource. */
final class IndexSpecs {

    private IndexSpecs() {
    }

    static IndexSpec index(String name, String table, IndexColumn... columns) {
        IndexSpec spec = new IndexSpec();
        spec.name = name;
        spec.table = table;
        spec.columns = List.of(columns);
        return spec;
    }

    static IndexSpec gin(String name, String table, IndexColumn... columns) {
        IndexSpec spec = index(name, table, columns);
        spec.method = IndexSpec.Method.GIN;
        return spec;
    }

    static IndexSpec where(IndexSpec spec, String predicate) {
        spec.where = predicate;
        return spec;
    }

    static IndexSpec include(IndexSpec spec, String... columns) {
        spec.include = List.of(columns);
        return spec;
    }

    static IndexSpec unique(IndexSpec spec) {
        spec.unique = true;
        return spec;
    }

    static IndexSpec storage(IndexSpec spec, Map<String, String> parameters) {
        spec.storageParameters = parameters;
        return spec;
    }

    static IndexSpec window(IndexSpec spec, String column, String keep, String schedule) {
        RollingWindow window = new RollingWindow();
        window.column = column;
        window.keep = keep;
        window.rebuildSchedule = schedule;
        spec.rollingWindow = window;
        return spec;
    }

    static IndexColumn column(String name) {
        IndexColumn c = new IndexColumn();
        c.column = name;
        return c;
    }

    static IndexColumn desc(String name) {
        IndexColumn c = column(name);
        c.order = IndexColumn.Order.DESC;
        return c;
    }

    static IndexColumn expression(String sql) {
        IndexColumn c = new IndexColumn();
        c.expression = sql;
        return c;
    }

    static IndexColumn opclass(IndexColumn c, String opclass) {
        c.opclass = opclass;
        return c;
    }
}
