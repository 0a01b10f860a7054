package io.workflowdb.operator.cluster.pgbouncer;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A pgbouncer.ini as data: the [databases] entries (alias to target) and the [pgbouncer] settings,
 * already merged. Immutable.
 */
public record PgBouncerConfig(Map<String, DatabaseEntry> databases, SortedMap<String, String> pgbouncer) {

    public PgBouncerConfig {
        databases = Collections.unmodifiableMap(new LinkedHashMap<>(databases));
        pgbouncer = Collections.unmodifiableSortedMap(new TreeMap<>(pgbouncer));
    }

    /** The [databases] section as INI settings: alias to connection string. */
    public Map<String, String> databaseSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        databases.forEach((alias, entry) -> settings.put(alias, entry.connectionString()));
        return settings;
    }
}
