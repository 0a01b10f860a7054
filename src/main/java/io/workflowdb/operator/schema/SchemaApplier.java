package io.workflowdb.operator.schema;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.workflowdb.operator.api.v1alpha1.SchemaSpec;
import io.workflowdb.operator.api.v1alpha1.SchemaStatus;
import io.workflowdb.operator.api.v1alpha1.SchemaStatus.SchemaFailure;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabaseReason;
import io.workflowdb.operator.schema.migration.MigrationOutcome;
import io.workflowdb.operator.schema.migration.MigrationScript;
import io.workflowdb.operator.status.ResourceEvents;
import io.workflowdb.operator.status.StatusAggregator;

/**
 * Keeps a WorkflowDatabase's {@code spec.schema} true on its database at every reconcile: an index
 * dropped by hand comes back, a due view refresh or rolling-window rebuild runs, and the outcome is
 * written to {@code status.schema} and the SchemaApplied condition. A failed object is tried again
 * after a back-off ({@link SchemaRetries}), announced by a Warning Event when it starts failing
 * and counted in {@link SchemaMetrics}.
 */
@ApplicationScoped
public class SchemaApplier {

    /** A new value of this annotation tries every failed object again at the next reconcile. */
    public static final String RETRY_ANNOTATION = "workflowdb.io/retry-schema";

    @Inject
    MigrationConfigMaps configMaps;

    @Inject
    ResourceEvents events;

    @Inject
    SchemaMetrics metrics;

    @Inject
    Clock clock;

    /** @return false when the schema is not as declared (the condition says why) */
    public boolean apply(WorkflowDatabase db, DataSource database, StatusAggregator conditions) {
        SchemaSpec spec = db.getSpec().schema;
        if (spec == null) {
            db.getStatus().schema = null;
            forget(db);
            return true;
        }
        SchemaStatus status = db.getStatus().schema == null ? new SchemaStatus() : db.getStatus().schema;
        db.getStatus().schema = status;
        List<MigrationScript> scripts;
        try {
            scripts = configMaps.scripts(db);
        } catch (MigrationConfigMaps.MissingConfigMapException e) {
            return SchemaStatusMapper.fail(conditions, WorkflowDatabaseReason.ConfigMapNotFound, e.getMessage());
        }
        Instant now = clock.instant();
        String retry = db.getMetadata().getAnnotations() == null ? null
                : db.getMetadata().getAnnotations().get(RETRY_ANNOTATION);
        boolean retryRequested = retry != null && !retry.equals(status.retryRequest);
        status.retryRequest = retry;
        Function<SchemaRetries.Key, String> definitions = SchemaDefinitions.of(spec, scripts);
        Map<SchemaRetries.Key, String> held = SchemaRetries.held(status.failures, definitions, now, retryRequested);
        SchemaOutcome outcome;
        try {
            outcome = SchemaPass.apply(database, spec, scripts, status.materializedViews, held, clock);
        } catch (SchemaPass.BusyException e) {
            return SchemaStatusMapper.fail(conditions, WorkflowDatabaseReason.Busy, e.getMessage());
        } catch (SQLException e) {
            return SchemaStatusMapper.fail(conditions, WorkflowDatabaseReason.Unreachable, e.getMessage());
        }
        SchemaRetries.Recorded recorded = SchemaRetries.next(status.failures, failing(outcome, definitions),
                outcome.held(), now);
        announce(db, status.failures, recorded);
        metrics.record(db.getMetadata().getNamespace(), db.getMetadata().getName(), recorded.failures());
        return SchemaStatusMapper.apply(outcome, recorded.failures(), status, conditions);
    }

    /** Drops what is kept of a database whose schema is no longer declared, or that is gone. */
    public void forget(WorkflowDatabase db) {
        metrics.remove(db.getMetadata().getNamespace(), db.getMetadata().getName());
    }

    /** Every object that failed in this pass or is held after an earlier failure. */
    static List<SchemaRetries.Failing> failing(SchemaOutcome outcome, Function<SchemaRetries.Key, String> definitions) {
        List<SchemaRetries.Failing> out = new ArrayList<>();
        MigrationOutcome.Failure migration = outcome.migrations().failure();
        if (migration != null && migration.kind() == MigrationOutcome.Kind.FAILED) {
            SchemaRetries.Key key = new SchemaRetries.Key(SchemaRetries.MIGRATION, Objects.toString(migration.file(), ""));
            out.add(new SchemaRetries.Failing(key, migration.message(), definitions.apply(key)));
        }
        outcome.indexes().failures().forEach(f -> {
            SchemaRetries.Key key = new SchemaRetries.Key(SchemaRetries.INDEX, f.index());
            out.add(new SchemaRetries.Failing(key, f.message(), definitions.apply(key)));
        });
        outcome.views().stream().filter(v -> v.error != null).forEach(v -> {
            SchemaRetries.Key key = new SchemaRetries.Key(SchemaRetries.VIEW, v.name);
            out.add(new SchemaRetries.Failing(key, v.error, definitions.apply(key)));
        });
        return out;
    }

    /** A Warning Event for each object that starts failing, a Normal one for each that recovered. */
    private void announce(WorkflowDatabase db, List<SchemaFailure> before, SchemaRetries.Recorded after) {
        for (SchemaFailure f : after.newlyFailing()) {
            events.warning(db, "SchemaObjectFailed", f.kind + " " + f.name + " failed: " + f.message
                    + "; next attempt " + f.nextAttempt);
        }
        if (before == null) {
            return;
        }
        for (SchemaFailure old : before) {
            boolean stillFailing = after.failures().stream()
                    .anyMatch(f -> f.kind.equals(old.kind) && f.name.equals(old.name));
            if (!stillFailing) {
                events.normal(db, "SchemaObjectRecovered", old.kind + " " + old.name + " no longer fails");
            }
        }
    }
}
