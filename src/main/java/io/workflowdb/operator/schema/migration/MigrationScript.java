package io.workflowdb.operator.schema.migration;

import java.util.Objects;

/**
 * One user migration as the reconciler hands it over: the ConfigMap entry's key, which must read
 * {@code V<version>__<description>.sql}, and its SQL text, which runs as written.
 */
public record MigrationScript(String file, String sql) {

    public MigrationScript {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(sql, "sql");
    }
}
