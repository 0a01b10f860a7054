package io.workflowdb.operator.partition;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.workflowdb.operator.api.v1alpha1.ConditionTypes;
import io.workflowdb.operator.api.v1alpha1.ConversionStatus.Phase;
import io.workflowdb.operator.api.v1alpha1.PartitionPolicy;
import io.workflowdb.operator.api.v1alpha1.PartitionPolicyReason;
import io.workflowdb.operator.api.v1alpha1.PartitionPolicySpec;
import io.workflowdb.operator.api.v1alpha1.PartitionPolicyStatus;
import io.workflowdb.operator.api.v1alpha1.RunRecord;
import io.workflowdb.operator.api.v1alpha1.RunRecord.Outcome;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.connection.DatabaseDataSources;
import io.workflowdb.operator.partition.convert.ConversionProgress;
import io.workflowdb.operator.partition.convert.OnlineConversion;
import io.workflowdb.operator.partition.execute.ExecutionReport;
import io.workflowdb.operator.partition.model.ObservedPartition;
import io.workflowdb.operator.partition.model.PartitionAction;
import io.workflowdb.operator.partition.model.PartitionSnapshot;
import io.workflowdb.operator.policy.RunHook;
import io.workflowdb.operator.policy.RunKind;
import io.workflowdb.operator.policy.RunStep;
import io.workflowdb.operator.policy.ScheduledRuns;
import io.workflowdb.operator.status.ResourceEvents;

/**
 * The partition side of a scheduled run ({@link ScheduledRuns} decides when): one pass over the
 * table (read the catalog, plan, execute, read again) within one reconcile. Due on a spec change, on
 * the schedule, and a minute after a failed run. Ready follows the PartitionsReady condition.
 */
@ApplicationScoped
public class PartitionUpkeep implements RunHook<PartitionPolicy> {

    static final Duration RETRY_AFTER_FAILURE = Duration.ofMinutes(1);
    static final RunKind KIND = RunKind.whole(ConditionTypes.PARTITIONS_READY, "0 * * * *", PartitionPolicyReason.Covered,
            RETRY_AFTER_FAILURE);

    /** How long one reconcile copies before it hands the thread back; the next slice follows at once. */
    static final Duration CONVERSION_SLICE = Duration.ofSeconds(5);
    /** How soon a paused conversion looks again at its window and the database's status. */
    static final Duration PAUSED_RECHECK = Duration.ofSeconds(30);
    /** How soon a conversion that did not get a lock tries again. */
    static final Duration LOCK_RECHECK = Duration.ofSeconds(5);

    /** How long one reconcile copies; a field so that tests can slice finer. */
    Duration conversionSlice = CONVERSION_SLICE;

    @Inject
    DatabaseDataSources databases;

    @Inject
    ResourceEvents events;

    @Override
    public RunKind kind() {
        return KIND;
    }

    @Override
    public String settledMessage(PartitionPolicy policy) {
        return PartitionStatus.summary(policy.getStatus());
    }

    @Override
    public String outcomeMessage(PartitionPolicy policy, RunRecord run) {
        return PartitionStatus.summary(policy.getStatus());
    }

    @Override
    public RunStep work(PartitionPolicy policy, WorkflowDatabase db, RunRecord record, Instant now) {
        PartitionPolicySpec spec = policy.getSpec();
        PartitionPolicyStatus.LastRun run = (PartitionPolicyStatus.LastRun) record;
        try (Connection c = databases.dataSource(db).getConnection()) {
            c.setAutoCommit(true);
            ConversionSlice conversion = convert(policy, db, c, now);
            if (conversion.step() != null) {
                return conversion.step();
            }
            PartitionPass.Result result = PartitionPass.apply(c, spec, now);
            if (result.problem() != null) {
                return new RunStep.Fail(result.problem().reason(), result.problem().message());
            }
            announce(policy, result.actions(), result.after());
            if (result.report().movedRows() > 0) {
                events.normal(policy, "DefaultRowsMoved", result.report().movedRows()
                        + " rows moved out of the default partition into partitions of their own");
            }
            PartitionStatus.apply(spec, result.after(), now, policy.getStatus());
            ExecutionReport report = result.report();
            run.created = report.created();
            run.dropped = report.dropped();
            run.detached = report.detached();
            run.movedRows = report.movedRows();
            // a run that ended a conversion says so; its slices' progress line must not stay behind
            return report.succeeded() ? new RunStep.Finish(Outcome.Succeeded, conversion.ended())
                    : new RunStep.Fail(PartitionPolicyReason.RunFailed, report.failure());
        } catch (SQLException e) {
            return new RunStep.Fail(PartitionPolicyReason.Unreachable, e.getMessage());
        } catch (IllegalArgumentException e) {
            return new RunStep.Fail(PartitionPolicyReason.InvalidSpec, e.getMessage());
        }
    }

    /**
     * A slice of the online conversion when one is asked for or under way: the step to report, or
     * null when upkeep goes on as usual (no conversion, or it has just ended).
     */
    /**
     * @param step what to report while a conversion goes on, waits or failed; null to go on with upkeep
     * @param ended the message of a conversion that ended in this call, else null
     */
    private record ConversionSlice(RunStep step, String ended) {
    }

    private ConversionSlice convert(PartitionPolicy policy, WorkflowDatabase db, Connection c, Instant now)
            throws SQLException {
        PartitionPolicySpec spec = policy.getSpec();
        String paused = spec.conversion == null ? null
                : ConversionThrottle.pauseReason(spec.conversion, db, now).orElse(null);
        OnlineConversion.Report report = OnlineConversion.run(c, spec, now, conversionSlice, paused, volumeBytes(db),
                new OnlineConversion.Listener() {
                    @Override
                    public void batch(ConversionProgress.State state, long rows) {
                    }

                    @Override
                    public void phase(Phase phase, String message) {
                        events.normal(policy, "Conversion" + phase, message);
                    }
                });
        PartitionPolicyStatus status = policy.getStatus();
        if (report.state() != null) {
            status.conversion = ConversionStatusView.of(report.state(), report.message(), now);
        } else if (report.result() == OnlineConversion.Result.ABORTED) {
            status.conversion = null;
        }
        String summary = status.conversion == null ? report.message() : ConversionStatusView.summary(status.conversion);
        RunStep step = switch (report.result()) {
            case NOT_NEEDED, DONE -> null;
            case ABORTED -> {
                events.normal(policy, "ConversionAborted", report.message());
                yield null;
            }
            case REFUSED -> {
                events.warning(policy, "ConversionRefused", report.message());
                yield new RunStep.Fail(PartitionPolicyReason.ConversionRefused, report.message());
            }
            case FAILED -> {
                events.warning(policy, "ConversionFailed", report.message());
                yield new RunStep.Fail(PartitionPolicyReason.RunFailed, report.message());
            }
            case IN_PROGRESS -> new RunStep.Continue(PartitionPolicyReason.Converting, false, summary,
                    Duration.ofMillis(Math.max(100, spec.conversion.pauseMillis())));
            case WAITING -> paused != null
                    ? new RunStep.Continue(PartitionPolicyReason.ConversionPaused, false, summary, PAUSED_RECHECK)
                    : new RunStep.Continue(PartitionPolicyReason.Converting, false, summary, LOCK_RECHECK);
        };
        return new ConversionSlice(step, report.result() == OnlineConversion.Result.DONE
                || report.result() == OnlineConversion.Result.ABORTED ? report.message() : null);
    }

    /** The volume of a managed cluster's member, which the conversion's copy must fit on; null when unknown. */
    static Long volumeBytes(WorkflowDatabase db) {
        if (db == null || db.getSpec() == null || db.getSpec().external != null || db.getSpec().storage == null
                || db.getSpec().storage.size == null) {
            return null;
        }
        return io.fabric8.kubernetes.api.model.Quantity.getAmountInBytes(db.getSpec().storage.size).longValue();
    }

    /** One Event per partition the run created or removed, judged from the catalog afterwards. */
    private void announce(PartitionPolicy policy, List<PartitionAction> actions, PartitionSnapshot after) {
        Set<String> present = after.partitions().stream().map(ObservedPartition::name).collect(Collectors.toSet());
        for (PartitionAction action : actions) {
            boolean exists = present.contains(action.partition());
            if (action instanceof PartitionAction.BackfillRangePartition a && exists) {
                events.normal(policy, "PartitionCreated", "created partition " + a.partition() + " for [" + a.from()
                        + ", " + a.to() + ") for rows that waited in the default partition");
            } else if (action instanceof PartitionAction.CreateRangePartition a && exists) {
                events.normal(policy, "PartitionCreated", "created partition " + a.partition() + " for [" + a.from()
                        + ", " + a.to() + ")");
            } else if ((action instanceof PartitionAction.CreateHashPartition
                    || action instanceof PartitionAction.CreateDefaultPartition) && exists) {
                events.normal(policy, "PartitionCreated", "created partition " + action.partition());
            } else if (action instanceof PartitionAction.DropPartition && !exists) {
                events.normal(policy, "PartitionDropped", "dropped partition " + action.partition());
            } else if (action instanceof PartitionAction.DetachPartition && !exists) {
                events.normal(policy, "PartitionDetached", "detached partition " + action.partition()
                        + "; the table is kept");
            }
        }
    }
}
