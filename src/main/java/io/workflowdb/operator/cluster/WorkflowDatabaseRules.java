package io.workflowdb.operator.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.workflowdb.operator.api.v1alpha1.IndexColumn;
import io.workflowdb.operator.api.v1alpha1.IndexSpec;
import io.workflowdb.operator.api.v1alpha1.MaterializedViewSpec;
import io.workflowdb.operator.api.v1alpha1.PatroniSpec;
import io.workflowdb.operator.api.v1alpha1.PgBouncerSpec;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabaseSpec;
import io.workflowdb.operator.validation.SpecChecks;
import io.workflowdb.operator.validation.Violation;

/** WorkflowDatabase rules beyond its CRD schema, judged with the defaults applied. */
public final class WorkflowDatabaseRules {

    static final int DEFAULT_INSTANCES = 3;
    static final int DEFAULT_POOL_SIZE = 20;
    static final int DEFAULT_MIN_POOL_SIZE = 5;
    static final int DEFAULT_MAX_CLIENT_CONN = 100;
    static final int DEFAULT_MAX_DB_CONNECTIONS = 50;

    /** postgresql.conf parameters whose value the operator (or Patroni) sets itself. */
    static final Set<String> OWNED_POSTGRESQL_PARAMETERS = Set.of("listen_addresses", "port", "data_directory",
            "hba_file", "ident_file", "config_file", "external_pid_file", "unix_socket_directories",
            "synchronous_standby_names", "cluster_name", "hot_standby", "primary_conninfo", "primary_slot_name",
            "restore_command");

    /** pgbouncer.ini settings the operator owns, or that have a typed field of their own. */
    static final Map<String, String> OWNED_PGBOUNCER_PARAMETERS = Map.ofEntries(
            Map.entry("listen_addr", "the operator"), Map.entry("listen_port", "the operator"),
            Map.entry("auth_type", "the operator"), Map.entry("auth_file", "the operator"),
            Map.entry("auth_query", "the operator"), Map.entry("auth_user", "the operator"),
            Map.entry("auth_hba_file", "the operator"), Map.entry("logfile", "the operator"),
            Map.entry("pidfile", "the operator"), Map.entry("unix_socket_dir", "the operator"),
            Map.entry("pool_mode", "spec.pgbouncer.poolMode"),
            Map.entry("max_client_conn", "spec.pgbouncer.maxClientConn"),
            Map.entry("default_pool_size", "spec.pgbouncer.defaultPoolSize"),
            Map.entry("min_pool_size", "spec.pgbouncer.minPoolSize"),
            Map.entry("reserve_pool_size", "spec.pgbouncer.reservePoolSize"),
            Map.entry("reserve_pool_timeout", "spec.pgbouncer.reservePoolTimeout"),
            Map.entry("max_db_connections", "spec.pgbouncer.maxDbConnections"),
            Map.entry("max_user_connections", "spec.pgbouncer.maxUserConnections"));

    static final Duration MIN_HEALTH_INTERVAL = Duration.ofSeconds(5);
    static final Duration MAX_HEALTH_INTERVAL = Duration.ofHours(1);
    static final Duration MIN_ROLLING_WINDOW = Duration.ofHours(1);

    private WorkflowDatabaseRules() {
    }

    public static List<Violation> check(WorkflowDatabase database) {
        WorkflowDatabaseSpec spec = database.getSpec();
        SpecChecks checks = new SpecChecks();
        if (spec.external != null) {
            checks.hostPorts("spec.external.hosts", spec.external.hosts);
        }
        if (spec.postgresql != null) {
            checkPostgresqlParameters(spec.postgresql.parameters, checks);
        }
        if (spec.patroni != null) {
            checkPatroni(spec.patroni, spec.instances == null ? DEFAULT_INSTANCES : spec.instances, checks);
        }
        if (spec.pgbouncer != null) {
            checkPgBouncer(spec.pgbouncer, checks);
        }
        if (spec.schema != null) {
            checkIndexes(spec.schema.indexes, checks);
            checkMaterializedViews(spec.schema.materializedViews, checks);
        }
        if (spec.monitoring != null) {
            checks.duration("spec.monitoring.healthCheckInterval", spec.monitoring.healthCheckInterval,
                    MIN_HEALTH_INTERVAL, MAX_HEALTH_INTERVAL);
        }
        return checks.violations();
    }

    private static void checkPostgresqlParameters(Map<String, String> parameters, SpecChecks checks) {
        if (parameters == null) {
            return;
        }
        parameters.forEach((key, value) -> {
            String field = "spec.postgresql.parameters." + key;
            if (!key.matches("[a-z_][a-z0-9_.]*")) {
                checks.fail(field, "\"" + key + "\" is not a PostgreSQL parameter name");
            } else if (OWNED_POSTGRESQL_PARAMETERS.contains(key)) {
                checks.fail(field, key + " is set by the operator and cannot be overridden");
            } else if ("wal_level".equals(key) && "minimal".equalsIgnoreCase(value)) {
                checks.fail(field, "wal_level minimal disables replication; use replica or logical");
            }
            if (value != null && (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\0') >= 0)) {
                checks.fail(field, "value must be one line without NUL");
            }
        });
    }

    private static void checkPatroni(PatroniSpec patroni, int instances, SpecChecks checks) {
        if (patroni.etcd != null) {
            checks.hostPorts("spec.patroni.etcd.hosts", patroni.etcd.hosts);
        }
        boolean synchronous = patroni.synchronousMode != null && patroni.synchronousMode != PatroniSpec.SynchronousMode.OFF;
        int nodeCount = patroni.synchronousNodeCount == null ? 1 : patroni.synchronousNodeCount;
        if (synchronous && instances < 2) {
            checks.fail("spec.patroni.synchronousMode", "synchronous replication needs at least 2 instances, got "
                    + instances);
        } else if (synchronous && nodeCount >= instances) {
            checks.fail("spec.patroni.synchronousNodeCount", "must be lower than instances (" + instances + ")");
        }
    }

    private static void checkPgBouncer(PgBouncerSpec p, SpecChecks checks) {
        int pool = p.defaultPoolSize == null ? DEFAULT_POOL_SIZE : p.defaultPoolSize;
        int min = p.minPoolSize == null ? DEFAULT_MIN_POOL_SIZE : p.minPoolSize;
        int clients = p.maxClientConn == null ? DEFAULT_MAX_CLIENT_CONN : p.maxClientConn;
        int perDb = p.maxDbConnections == null ? DEFAULT_MAX_DB_CONNECTIONS : p.maxDbConnections;
        if (min > pool) {
            checks.fail("spec.pgbouncer.minPoolSize", "minPoolSize " + min + " exceeds defaultPoolSize " + pool);
        }
        if (pool > clients) {
            checks.fail("spec.pgbouncer.defaultPoolSize", "defaultPoolSize " + pool + " exceeds maxClientConn " + clients);
        }
        if (perDb != 0 && pool > perDb) {
            checks.fail("spec.pgbouncer.defaultPoolSize", "defaultPoolSize " + pool + " exceeds maxDbConnections " + perDb);
        }
        if (p.parameters != null) {
            p.parameters.forEach((key, value) -> {
                String field = "spec.pgbouncer.parameters." + key;
                String owner = OWNED_PGBOUNCER_PARAMETERS.get(key);
                if (!key.matches("[a-z_][a-z0-9_]*")) {
                    checks.fail(field, "\"" + key + "\" is not a PgBouncer setting name");
                } else if (owner != null) {
                    checks.fail(field, key + " is set by " + owner + " and cannot be given here");
                }
                IniValues.problem(value).ifPresent(problem -> checks.fail(field, problem));
            });
        }
    }

    private static void checkIndexes(List<IndexSpec> indexes, SpecChecks checks) {
        if (indexes == null) {
            return;
        }
        for (int i = 0; i < indexes.size(); i++) {
            IndexSpec index = indexes.get(i);
            String field = "spec.schema.indexes[" + i + "]";
            checks.indexPredicate(field + ".where", index.where);
            checks.identifiers(field + ".include", index.include);
            for (int c = 0; c < index.columns.size(); c++) {
                IndexColumn column = index.columns.get(c);
                checks.sqlExpression(field + ".columns[" + c + "].expression", column.expression);
            }
            if (index.rollingWindow != null) {
                checks.duration(field + ".rollingWindow.keep", index.rollingWindow.keep, MIN_ROLLING_WINDOW, null);
                checks.cron(field + ".rollingWindow.rebuildSchedule", index.rollingWindow.rebuildSchedule);
            }
        }
    }

    private static void checkMaterializedViews(List<MaterializedViewSpec> views, SpecChecks checks) {
        if (views == null) {
            return;
        }
        for (int i = 0; i < views.size(); i++) {
            MaterializedViewSpec view = views.get(i);
            String field = "spec.schema.materializedViews[" + i + "]";
            checks.query(field + ".query", view.query);
            checks.identifiers(field + ".uniqueKey", view.uniqueKey);
            if (view.refresh != null) {
                checks.cron(field + ".refresh.schedule", view.refresh.schedule);
            }
        }
    }
}
