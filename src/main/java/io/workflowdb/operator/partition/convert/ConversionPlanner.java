package io.workflowdb.operator.partition.convert;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

import io.workflowdb.operator.api.v1alpha1.ConversionSpec;
import io.workflowdb.operator.api.v1alpha1.PartitionPolicySpec;
import io.workflowdb.operator.partition.model.PartitionAction;
import io.workflowdb.operator.partition.plan.PartitionPlanner;
import io.workflowdb.operator.sql.Identifiers;

/**
 * Decides whether a populated table can be converted online and what the new table looks like;
 * pure. Every refusal names the object and the fix, and comes before the first change.
 */
public final class ConversionPlanner {

    static final String SHADOW_SUFFIX = "_wfdb_new";
    static final String RETIRED_SUFFIX = "_wfdb_unpartitioned";

    private ConversionPlanner() {
    }

    /** Why this table cannot be converted as it is; empty when it can. */
    public static List<String> refusals(PartitionPolicySpec spec, SourceTable source) {
        List<String> refusals = new ArrayList<>();
        String table = source.qualified();
        String key = spec.column;
        if (source.keyColumn() == null) {
            return List.of("table " + table + " has no column " + key);
        }
        if (!source.keyTypeSupported()) {
            String type = source.columns().stream().filter(c -> c.name().equals(key)).findFirst()
                    .map(SourceTable.Column::type).orElse("?");
            refusals.add(spec.hash != null ? "column " + key + " is " + type + ", which PostgreSQL cannot hash-partition on"
                    : "column " + key + " is " + type + "; range partitioning needs timestamp with time zone");
        }
        if (source.keyHasNulls()) {
            refusals.add("column " + key + " is NULL in some rows, which have no partition to go to: give them a value"
                    + " or delete them, then set the column NOT NULL");
        }
        if (source.primaryKey().isEmpty()) {
            refusals.add("table " + table + " has no primary key, by which the copy keeps rows apart: add one"
                    + " (CREATE UNIQUE INDEX CONCURRENTLY, then ALTER TABLE ... ADD PRIMARY KEY USING INDEX)");
        } else if (!source.primaryKey().contains(key)) {
            if (!spec.conversion.extendPrimaryKey()) {
                refusals.add("the primary key (" + String.join(", ", source.primaryKey()) + ") of " + table
                        + " does not contain the partition key " + key + ", which a partitioned table needs: set"
                        + " spec.conversion.extendPrimaryKey: true to make it (" + String.join(", ", source.primaryKey())
                        + ", " + key + ")");
            } else if (!keyNotNull(source)) {
                refusals.add("column " + key + " allows NULL and cannot join the primary key: add CHECK (" + key
                        + " IS NOT NULL) NOT VALID, VALIDATE it, then ALTER COLUMN " + key + " SET NOT NULL (quick once validated)");
            }
        }
        if (!source.ownedByUser()) {
            refusals.add("the operator's role does not own " + table + " nor is a member of its owner; the swap renames it");
        }
        if (source.serverVersion() < 140000) {
            refusals.add("PostgreSQL " + source.serverVersion() / 10000 + " cannot scan a table by page ranges; online"
                    + " conversion needs 14 or later");
        }
        if (bytes(source.name() + RETIRED_SUFFIX) > Identifiers.MAX_BYTES) {
            refusals.add("the name " + source.name() + " is too long for the names the conversion uses (at most "
                    + (Identifiers.MAX_BYTES - RETIRED_SUFFIX.length()) + " bytes)");
        }
        refusals.addAll(new LinkedHashSet<>(source.blocking()));
        return List.copyOf(refusals);
    }

    /**
     * The new table for rows between {@code oldestKey} and {@code newestKey} (range; null for hash or
     * an empty table). Refuses, with a message, a range policy without a default partition whose
     * rows would fall outside every partition of the layout.
     */
    public static ConversionPlan plan(PartitionPolicySpec spec, SourceTable source, Instant oldestKey, Instant newestKey,
            Instant now) {
        List<PartitionAction> layout = PartitionPlanner.layout(spec, oldestKey, newestKey, now);
        List<String> primaryKey = new ArrayList<>(source.primaryKey());
        boolean extend = !primaryKey.contains(spec.column);
        if (extend) {
            primaryKey.add(spec.column);
        }
        return new ConversionPlan(source.schema(), source.name(), source.name() + SHADOW_SUFFIX,
                source.name() + RETIRED_SUFFIX, spec.hash != null ? "hash" : "range", spec.column, primaryKey, extend,
                source.copiedColumns(), layout, source.views());
    }

    /** For a range layout without a default partition: why rows would have nowhere to go, if they would. */
    public static List<String> uncovered(ConversionPlan plan, Instant oldestKey, Instant newestKey) {
        boolean hasDefault = plan.layout().stream().anyMatch(a -> a instanceof PartitionAction.CreateDefaultPartition);
        if (!"range".equals(plan.strategy()) || hasDefault || oldestKey == null) {
            return List.of();
        }
        List<String> refusals = new ArrayList<>();
        for (Instant key : List.of(oldestKey, newestKey)) {
            if (!PartitionPlanner.layoutCovers(plan.layout(), key)) {
                refusals.add("a row at " + key + " lies more than " + PartitionPlanner.LAYOUT_BOUND_INTERVALS
                        + " intervals from now and the policy keeps no default partition: set defaultPartition: true"
                        + " or delete such rows");
            }
        }
        return List.copyOf(new LinkedHashSet<>(refusals));
    }

    /** The steps of a conversion with its estimated counts, as {@code plan} prints them. */
    public static List<String> describe(ConversionPlan plan, SourceTable source, ConversionSpec conversion) {
        long batches = Math.max(1, (source.estimatedRows() + conversion.batchSize() - 1) / conversion.batchSize());
        List<String> lines = new ArrayList<>();
        lines.add("-- online conversion of " + source.qualified() + " into a table partitioned by " + plan.strategy()
                + " (" + plan.keyColumn() + "), about " + source.estimatedRows() + " rows, " + source.totalBytes() / (1024 * 1024)
                + " MiB with indexes: the copy needs as much free disk and writes about as much WAL");
        lines.add("-- 1. create " + plan.shadow() + " with " + plan.layout().size() + " partitions and primary key ("
                + String.join(", ", plan.primaryKey()) + ")" + (plan.extendsPrimaryKey() ? ", the partition key added" : ""));
        lines.add(ConversionSql.createShadow(plan, source.identityOnPartitioned()));
        plan.layout().forEach(a -> lines.addAll(ShadowTable.partition(plan, a)));
        lines.add(ConversionSql.primaryKey(plan));
        lines.add("-- 2. a trigger on " + plan.table() + " carries every insert, update and delete into the new table");
        lines.add("-- 3. copy about " + source.estimatedRows() + " rows (" + source.pages() + " pages) in about " + batches
                + " batches of " + conversion.batchSize() + " rows");
        lines.add("-- 4. verify: count both tables in one snapshot");
        lines.add("-- 5. swap in one transaction (lock_timeout " + conversion.lockTimeoutMillis() + " ms, retried): "
                + plan.table() + " becomes " + plan.retired() + ", " + plan.shadow() + " becomes " + plan.table()
                + (plan.views().isEmpty() ? "" : "; views re-created on it: " + String.join(", ", plan.views())));
        lines.add("-- 6. ANALYZE " + plan.table() + "; the original stays as " + plan.retired() + " until you drop it");
        return List.copyOf(lines);
    }

    private static boolean keyNotNull(SourceTable source) {
        return source.columns().stream().anyMatch(c -> c.name().equals(source.keyColumn()) && c.notNull());
    }

    private static int bytes(String name) {
        return name.getBytes(StandardCharsets.UTF_8).length;
    }
}
