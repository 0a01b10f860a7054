package io.workflowdb.operator.partition.convert;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.workflowdb.operator.api.v1alpha1.PartitionPolicySpec;
import io.workflowdb.operator.partition.convert.ConversionProgress.State;

/** The read-only side of a conversion, for {@code plan}: its steps and estimates, or where it stands. */
public final class ConversionPreview {

    private ConversionPreview() {
    }

    /**
     * What {@link OnlineConversion#run} would do, with the estimated counts, changing nothing; empty when no
     * conversion is asked for or needed.
     */
    public static List<String> plan(Connection c, PartitionPolicySpec spec, Instant now) throws SQLException {
        Optional<State> recorded = ConversionProgress.read(c, OnlineConversion.resolvedName(c, spec.table));
        if (recorded.isPresent() && recorded.get().abortable()) {
            State s = recorded.get();
            return List.of(spec.conversion == null
                    ? "-- the conversion of " + s.source() + " is called off: drop its trigger and " + s.shadow()
                    : "-- conversion of " + s.source() + " in phase " + s.phase() + ": pages " + s.nextBlock() + " of "
                            + s.endBlock() + " copied, " + s.rowsCopied() + " rows");
        }
        if (spec.conversion == null) {
            return List.of();
        }
        Optional<SourceTable> table = SourceCatalog.read(c, spec.table, spec.column, spec.hash != null);
        if (table.isEmpty() || table.get().partitioned()) {
            return List.of();
        }
        List<String> refusals = ConversionPlanner.refusals(spec, table.get());
        if (!refusals.isEmpty()) {
            return refusals.stream().map(r -> "-- ConversionRefused: " + r).toList();
        }
        Instant[] bounds = spec.hash != null ? new Instant[] { null, null } : SourceCatalog.keyBounds(c, table.get());
        ConversionPlan plan = ConversionPlanner.plan(spec, table.get(), bounds[0], bounds[1], now);
        List<String> uncovered = ConversionPlanner.uncovered(plan, bounds[0], bounds[1]);
        if (!uncovered.isEmpty()) {
            return uncovered.stream().map(r -> "-- ConversionRefused: " + r).toList();
        }
        return ConversionPlanner.describe(plan, table.get(), spec.conversion);
    }

}
