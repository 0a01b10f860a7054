package io.workflowdb.operator.cluster;

import java.time.Duration;
import java.util.List;
import java.util.function.BiConsumer;

import io.workflowdb.operator.api.v1alpha1.IndexColumn;
import io.workflowdb.operator.api.v1alpha1.IndexSpec;
import io.workflowdb.operator.api.v1alpha1.MaterializedViewSpec;
import io.workflowdb.operator.api.v1alpha1.PatroniSpec;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabaseSpec;
import io.workflowdb.operator.cluster.model.ClusterDefaults;
import io.workflowdb.operator.cluster.patroni.PatroniConfigRenderer;
import io.workflowdb.operator.cluster.pgbouncer.PgBouncerConfigRenderer;
import io.workflowdb.operator.validation.SpecChecks;
import io.workflowdb.operator.validation.SpecRules;
import io.workflowdb.operator.validation.Violation;

/** WorkflowDatabase rules beyond its CRD schema, judged with the defaults applied. */
public final class WorkflowDatabaseRules {

    static final Duration MIN_HEALTH_INTERVAL = Duration.ofSeconds(5);
    static final Duration MAX_HEALTH_INTERVAL = Duration.ofHours(1);
    static final Duration MIN_ROLLING_WINDOW = Duration.ofHours(1);

    /**
     * Suffixes of the Services a managed database makes: a database named so would take the Service
     * of the database with the shorter name. The length and characters of the name are a CEL rule
     * at the root of the CRD (see {@code WorkflowDatabase}).
     */
    static final List<String> SERVICE_SUFFIXES = List.of("-primary", "-replicas", "-pooler");

    private WorkflowDatabaseRules() {
    }

    /** The rules with the default allow-lists, as the offline commands judge a file. */
    public static List<Violation> check(WorkflowDatabase database) {
        return check(database, SpecAllowLists.defaults());
    }

    /** The rules with the operator's configured allow-lists. */
    public static SpecRules<WorkflowDatabase> with(SpecAllowLists allowLists) {
        return database -> check(database, allowLists);
    }

    public static List<Violation> check(WorkflowDatabase database, SpecAllowLists allowLists) {
        WorkflowDatabaseSpec spec = database.getSpec();
        SpecChecks checks = new SpecChecks();
        if (spec.image != null && !allowLists.allowsImage(spec.image)) {
            checks.fail("spec.image", "\"" + spec.image + "\" is not among the images this operator allows ("
                    + String.join(", ", allowLists.images()) + "); an administrator extends workflowdb.cluster.allowed-images");
        }
        if (spec.external == null && spec.postgresql != null && spec.postgresql.parameters != null) {
            String libraries = spec.postgresql.parameters.get(PatroniConfigRenderer.SHARED_PRELOAD_LIBRARIES);
            if (libraries != null) {
                for (String library : PatroniConfigRenderer.libraries(libraries)) {
                    if (!allowLists.allowsPreloadLibrary(library)) {
                        checks.fail("spec.postgresql.parameters." + PatroniConfigRenderer.SHARED_PRELOAD_LIBRARIES,
                                "\"" + library + "\" is not among the libraries this operator allows ("
                                        + String.join(", ", allowLists.preloadLibraries())
                                        + "); an administrator extends workflowdb.cluster.allowed-preload-libraries");
                    }
                }
            }
        }
        if (spec.external == null && database.getMetadata() != null) {
            checkServiceNames(database.getMetadata().getName(), checks);
        }
        if (spec.external != null) {
            checks.hostPorts("spec.external.hosts", spec.external.hosts);
            checks.httpUrls("spec.external.patroniApi", spec.external.patroniApi);
        } else {
            // the renderers' own rules, so that nothing reaches them that they would refuse
            PatroniConfigRenderer.problems(spec).forEach(p -> checks.fail(p.field(), p.message()));
            if (spec.patroni != null) {
                checkSynchronousReplication(spec.patroni, ClusterDefaults.instances(spec), checks);
            }
            if (ClusterDefaults.poolerEnabled(spec)) {
                PgBouncerConfigRenderer.problems(spec.pgbouncer, ClusterDefaults.database(spec))
                        .forEach(p -> checks.fail(p.field(), p.message()));
            }
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

    private static void checkServiceNames(String name, SpecChecks checks) {
        if (name == null) {
            return;
        }
        SERVICE_SUFFIXES.stream().filter(name::endsWith).findFirst().ifPresent(suffix -> checks.fail("metadata.name",
                "must not end with \"" + suffix + "\": the database \"" + name.substring(0, name.length() - suffix.length())
                        + "\" names its " + suffix.substring(1) + " Service so"));
    }

    private static void checkSynchronousReplication(PatroniSpec patroni, int instances, SpecChecks checks) {
        boolean synchronous = patroni.synchronousMode != null && patroni.synchronousMode != PatroniSpec.SynchronousMode.OFF;
        int nodeCount = patroni.synchronousNodeCount == null ? 1 : patroni.synchronousNodeCount;
        if (synchronous && instances < 2) {
            checks.fail("spec.patroni.synchronousMode", "synchronous replication needs at least 2 instances, got "
                    + instances);
        } else if (synchronous && nodeCount >= instances) {
            checks.fail("spec.patroni.synchronousNodeCount", "must be lower than instances (" + instances + ")");
        }
    }

    private static void checkIndexes(List<IndexSpec> indexes, SpecChecks checks) {
        eachOf(indexes, "spec.schema.indexes", (field, index) -> {
            checks.indexPredicate(field + ".where", index.where);
            checks.identifiers(field + ".include", index.include);
            for (int c = 0; c < index.columns.size(); c++) {
                IndexColumn column = index.columns.get(c);
                checks.sqlExpression(field + ".columns[" + c + "].expression", column.expression);
            }
            if (index.storageParameters != null) {
                index.storageParameters.forEach((key, value) -> {
                    if (!key.matches("[a-z_][a-z0-9_]{0,62}")) {
                        checks.fail(field + ".storageParameters." + key, "\"" + key + "\" is not a storage parameter name");
                    } else if (value == null || !value.matches("[A-Za-z0-9_.]{1,64}")) {
                        checks.fail(field + ".storageParameters." + key,
                                "value must be letters, digits, '.' or '_' (a number, on/off or a word)");
                    }
                });
            }
            if (index.rollingWindow != null) {
                checks.duration(field + ".rollingWindow.keep", index.rollingWindow.keep, MIN_ROLLING_WINDOW, null);
                checks.cron(field + ".rollingWindow.rebuildSchedule", index.rollingWindow.rebuildSchedule);
            }
        });
    }

    private static void checkMaterializedViews(List<MaterializedViewSpec> views, SpecChecks checks) {
        eachOf(views, "spec.schema.materializedViews", (field, view) -> {
            checks.query(field + ".query", view.query);
            checks.identifiers(field + ".uniqueKey", view.uniqueKey);
            if (view.refresh != null) {
                checks.cron(field + ".refresh.schedule", view.refresh.schedule);
            }
        });
    }

    /** Checks each item of a list the spec may leave out, with its field path such as {@code spec.schema.indexes[0]}. */
    private static <T> void eachOf(List<T> items, String path, BiConsumer<String, T> check) {
        if (items == null) {
            return;
        }
        for (int i = 0; i < items.size(); i++) {
            check.accept(path + "[" + i + "]", items.get(i));
        }
    }
}
