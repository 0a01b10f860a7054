package io.workflowdb.operator.partition;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.workflowdb.operator.api.v1alpha1.PartitionPolicySpec;
import io.workflowdb.operator.partition.convert.ConversionPreview;
import io.workflowdb.operator.partition.execute.ExecutionReport;
import io.workflowdb.operator.partition.execute.PartitionCatalog;
import io.workflowdb.operator.partition.execute.PartitionExecutor;
import io.workflowdb.operator.partition.model.PartitionAction;
import io.workflowdb.operator.partition.model.PartitionSnapshot;
import io.workflowdb.operator.partition.plan.PartitionPlanner;
import io.workflowdb.operator.partition.plan.PartitionProblem;

/**
 * One pass over a table: read the catalog, plan, execute, read again. The operator's upkeep run and
 * the {@code apply} command run this; {@link #plan} is the read-only twin for {@code plan}.
 */
public final class PartitionPass {

    static final Duration LOCK_TIMEOUT = Duration.ofSeconds(5);

    /**
     * @param problem why nothing was planned, or null
     * @param report what the executor did; null when there was a problem
     * @param after the catalog after the run; null when there was a problem
     */
    public record Result(PartitionProblem problem, List<PartitionAction> actions, ExecutionReport report,
            PartitionSnapshot after) {
    }

    private PartitionPass() {
    }

    /** @throws IllegalArgumentException when the key column is missing or of the wrong type */
    public static Result apply(Connection autocommit, PartitionPolicySpec spec, Instant now) throws SQLException {
        PartitionSnapshot before = PartitionCatalog.read(autocommit, spec.table, spec.column, spec.range != null);
        Optional<PartitionProblem> problem = PartitionPlanner.problem(spec, before);
        if (problem.isPresent()) {
            return new Result(problem.get(), List.of(), null, null);
        }
        List<PartitionAction> actions = PartitionPlanner.plan(spec, before, now);
        ExecutionReport report = PartitionExecutor.run(autocommit, spec.table, spec.column, actions, LOCK_TIMEOUT);
        return new Result(null, actions, report, PartitionCatalog.read(autocommit, spec.table, spec.column));
    }

    /** The exact statements {@link #apply} would send now, or a comment saying why there are none. */
    public static List<String> plan(Connection autocommit, PartitionPolicySpec spec, Instant now) throws SQLException {
        List<String> conversion = ConversionPreview.plan(autocommit, spec, now);
        if (!conversion.isEmpty()) {
            return conversion;
        }
        PartitionSnapshot before = PartitionCatalog.read(autocommit, spec.table, spec.column, spec.range != null);
        Optional<PartitionProblem> problem = PartitionPlanner.problem(spec, before);
        if (problem.isPresent()) {
            return List.of("-- " + problem.get().reason() + ": " + problem.get().message());
        }
        return new ArrayList<>(PartitionExecutor.plan(autocommit, spec.table, spec.column,
                PartitionPlanner.plan(spec, before, now)));
    }
}
