package io.workflowdb.operator.partition;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.workflowdb.operator.api.v1alpha1.Condition;
import io.workflowdb.operator.api.v1alpha1.ConditionTypes;
import io.workflowdb.operator.api.v1alpha1.PartitionPolicy;
import io.workflowdb.operator.api.v1alpha1.PartitionPolicyReason;
import io.workflowdb.operator.api.v1alpha1.PartitionPolicySpec;
import io.workflowdb.operator.api.v1alpha1.PartitionPolicyStatus;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.connection.DatabaseDataSources;
import io.workflowdb.operator.partition.execute.ExecutionReport;
import io.workflowdb.operator.partition.model.ObservedPartition;
import io.workflowdb.operator.partition.model.PartitionAction;
import io.workflowdb.operator.partition.model.PartitionSnapshot;
import io.workflowdb.operator.schedule.CronSchedule;
import io.workflowdb.operator.schedule.RunSchedule;
import io.workflowdb.operator.status.ConditionStatus;
import io.workflowdb.operator.status.ResourceEvents;
import io.workflowdb.operator.status.StatusAggregator;

/**
 * One upkeep run of a PartitionPolicy, when it is due: read the catalog, plan, execute, read again,
 * and report. Due on a spec change, on the schedule, and a minute after a failed run.
 */
@ApplicationScoped
public class PartitionUpkeep {

    static final String DEFAULT_SCHEDULE = "0 * * * *";
    static final Duration RETRY_AFTER_FAILURE = Duration.ofMinutes(1);
    static final String SUCCEEDED = "Succeeded";
    static final String FAILED = "Failed";

    @Inject
    DatabaseDataSources databases;

    @Inject
    ResourceEvents events;

    @Inject
    Clock clock;

    /** @return when to look again */
    Duration run(PartitionPolicy policy, WorkflowDatabase db, StatusAggregator conditions) {
        PartitionPolicySpec spec = policy.getSpec();
        PartitionPolicyStatus status = policy.getStatus();
        CronSchedule schedule = CronSchedule.parse(spec.schedule == null ? DEFAULT_SCHEDULE : spec.schedule);
        Instant now = clock.instant();
        if (!isDue(policy, schedule, now)) {
            restateReady(status, conditions);
            return untilNext(status, schedule, now);
        }
        PartitionPolicyStatus.LastRun run = new PartitionPolicyStatus.LastRun();
        run.startedAt = timestamp(now);
        run.generation = policy.getMetadata().getGeneration();
        status.lastRun = run;
        try (Connection c = databases.dataSource(db).getConnection()) {
            c.setAutoCommit(true);
            PartitionPass.Result result = PartitionPass.apply(c, spec, now);
            if (result.problem() != null) {
                fail(run, conditions, PartitionPolicyReason.valueOf(result.problem().reason().name()),
                        result.problem().message());
            } else {
                announce(policy, result.actions(), result.after());
                PartitionStatus.apply(spec, result.after(), now, status);
                record(run, result.report());
                if (result.report().succeeded()) {
                    conditions.set(ConditionTypes.PARTITIONS_READY, ConditionStatus.True, PartitionPolicyReason.Covered,
                            PartitionStatus.summary(status));
                    conditions.ready(PartitionPolicyReason.Covered, PartitionStatus.summary(status));
                } else {
                    fail(run, conditions, PartitionPolicyReason.RunFailed, result.report().failure());
                }
            }
        } catch (SQLException | IllegalArgumentException e) {
            fail(run, conditions, e instanceof SQLException ? PartitionPolicyReason.Unreachable : PartitionPolicyReason.InvalidSpec,
                    e.getMessage());
        }
        run.finishedAt = timestamp(clock.instant());
        return FAILED.equals(run.outcome) ? RETRY_AFTER_FAILURE : untilNext(status, schedule, clock.instant());
    }

    private boolean isDue(PartitionPolicy policy, CronSchedule schedule, Instant now) {
        PartitionPolicyStatus.LastRun last = policy.getStatus().lastRun;
        if (last == null || last.startedAt == null || last.generation == null
                || !last.generation.equals(policy.getMetadata().getGeneration())) {
            return true;
        }
        if (FAILED.equals(last.outcome) && last.finishedAt != null
                && !now.isBefore(Instant.parse(last.finishedAt).plus(RETRY_AFTER_FAILURE))) {
            return true;
        }
        return RunSchedule.isDue(schedule, Instant.parse(last.startedAt), now);
    }

    /**
     * Between runs, Ready follows the last run's PartitionsReady again, so that a Ready=False the
     * gate wrote while the database was away does not outlast the database's return.
     */
    private static void restateReady(PartitionPolicyStatus status, StatusAggregator conditions) {
        Condition partitions = StatusAggregator.find(status, ConditionTypes.PARTITIONS_READY);
        if (partitions == null) {
            return;
        }
        PartitionPolicyReason reason = reasonOf(partitions);
        if (ConditionStatus.True.name().equals(partitions.status)) {
            conditions.ready(reason, partitions.message);
        } else {
            conditions.notReady(reason, partitions.message);
        }
    }

    private static PartitionPolicyReason reasonOf(Condition condition) {
        try {
            return PartitionPolicyReason.valueOf(condition.reason);
        } catch (IllegalArgumentException | NullPointerException e) {
            return PartitionPolicyReason.RunFailed;
        }
    }

    private static Duration untilNext(PartitionPolicyStatus status, CronSchedule schedule, Instant now) {
        Optional<Instant> next = RunSchedule.next(schedule, now);
        status.nextRun = next.map(PartitionUpkeep::timestamp).orElse(null);
        return next.map(n -> Duration.between(now, n).plusSeconds(1)).orElse(Duration.ofHours(1));
    }

    /** One Event per partition the run created or removed, judged from the catalog afterwards. */
    private void announce(PartitionPolicy policy, List<PartitionAction> actions, PartitionSnapshot after) {
        Set<String> present = after.partitions().stream().map(ObservedPartition::name).collect(Collectors.toSet());
        for (PartitionAction action : actions) {
            boolean exists = present.contains(action.partition());
            if (action instanceof PartitionAction.CreateRangePartition a && exists) {
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

    private static void record(PartitionPolicyStatus.LastRun run, ExecutionReport report) {
        run.created = report.created();
        run.dropped = report.dropped();
        run.detached = report.detached();
        run.movedRows = report.movedRows();
        run.outcome = report.succeeded() ? SUCCEEDED : FAILED;
        run.message = report.failure();
    }

    private static void fail(PartitionPolicyStatus.LastRun run, StatusAggregator conditions, PartitionPolicyReason reason,
            String message) {
        run.outcome = FAILED;
        run.message = message;
        conditions.set(ConditionTypes.PARTITIONS_READY, ConditionStatus.False, reason,
                message);
        conditions.notReady(reason, message);
    }

    static String timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
