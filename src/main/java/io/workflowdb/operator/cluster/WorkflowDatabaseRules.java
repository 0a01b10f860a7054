package io.workflowdb.operator.cluster;

import java.time.Duration;
import java.util.List;

import io.workflowdb.operator.api.v1alpha1.IndexColumn;
import io.workflowdb.operator.api.v1alpha1.IndexSpec;
import io.workflowdb.operator.api.v1alpha1.MaterializedViewSpec;
import io.workflowdb.operator.api.v1alpha1.PatroniSpec;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabaseSpec;
import io.workflowdb.operator.cluster.patroni.PatroniConfigRenderer;
import io.workflowdb.operator.cluster.pgbouncer.PgBouncerConfigRenderer;
import io.workflowdb.operator.validation.SpecChecks;
import io.workflowdb.operator.validation.Violation;

/** WorkflowDatabase rules beyond its CRD schema, judged with the defaults applied. */
public final class WorkflowDatabaseRules {

    static final Duration MIN_HEALTH_INTERVAL = Duration.ofSeconds(5);
    static final Duration MAX_HEALTH_INTERVAL = Duration.ofHours(1);
    static final Duration MIN_ROLLING_WINDOW = Duration.ofHours(1);

    /**
     * The longest name whose derived names all stay valid: the StatefulSet's pods carry a
     * {@code controller-revision-hash} label of {@code <name>-<10 characters>}, and a label value
     * holds at most 63. Services ({@code <name>-replicas}) and pod host names need DNS-1035 labels.
     */
    static final int MAX_NAME_LENGTH = 52;
    static final String NAME_PATTERN = "[a-z]([-a-z0-9]*[a-z0-9])?";
    /** Suffixes of the Services a managed database makes: a database named so would take another's Service name. */
    static final List<String> SERVICE_SUFFIXES = List.of("-primary", "-replicas", "-pooler");

    private WorkflowDatabaseRules() {
    }

    public static List<Violation> check(WorkflowDatabase database) {
        WorkflowDatabaseSpec spec = database.getSpec();
        SpecChecks checks = new SpecChecks();
        checkName(database.getMetadata() == null ? null : database.getMetadata().getName(), spec.external == null,
                checks);
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

    /**
     * Enforced here rather than by a CEL rule in the CRD: the name lives in metadata, outside the
     * schema the CRD generator writes rules into.
     */
    private static void checkName(String name, boolean managed, SpecChecks checks) {
        if (name == null) {
            return;
        }
        if (name.length() > MAX_NAME_LENGTH) {
            checks.fail("metadata.name", "must be at most " + MAX_NAME_LENGTH + " characters (the names of the "
                    + "objects made from it must stay valid), got " + name.length());
        } else if (!name.matches(NAME_PATTERN)) {
            checks.fail("metadata.name", "must be lowercase letters, digits and '-', start with a letter and end "
                    + "with a letter or digit (it names Services and pods)");
        } else if (managed) {
            SERVICE_SUFFIXES.stream().filter(name::endsWith).findFirst().ifPresent(suffix -> checks.fail(
                    "metadata.name", "must not end with \"" + suffix + "\": the database \""
                            + name.substring(0, name.length() - suffix.length()) + "\" names its " + suffix.substring(1)
                            + " Service so"));
        }
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
