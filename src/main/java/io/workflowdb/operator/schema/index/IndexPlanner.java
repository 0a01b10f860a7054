package io.workflowdb.operator.schema.index;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.workflowdb.operator.api.v1alpha1.IndexSpec;
import io.workflowdb.operator.schema.index.IndexAction.Reason;
import io.workflowdb.operator.schema.index.IndexAction.Refuse;
import io.workflowdb.operator.schema.index.IndexAction.Run;
import io.workflowdb.operator.schema.index.IndexSnapshot.ObservedIndex;
import io.workflowdb.operator.schema.index.IndexSnapshot.ObservedTable;
import io.workflowdb.operator.sql.Identifiers.QualifiedName;

/**
 * Decides, from the declared indexes and one catalog snapshot, what to build, rebuild and drop.
 * Pure: no connection, no clock; the same inputs always give the same plan. An index without the
 * ownership marker is never dropped, rebuilt or renamed.
 */
final class IndexPlanner {

    private IndexPlanner() {
    }

    /**
     * The actions, removals first (so a name an interrupted swap left behind is free again before
     * a swap needs it), then one action per declared index that needs work, in declaration order.
     */
    static List<IndexAction> plan(List<IndexSpec> desired, IndexSnapshot observed, Instant now) {
        Set<QualifiedName> claimed = new HashSet<>();
        List<IndexAction> declared = new ArrayList<>();
        for (IndexSpec spec : desired) {
            planOne(spec, observed, now, claimed).ifPresent(declared::add);
        }
        List<IndexAction> actions = new ArrayList<>(removals(observed, claimed));
        actions.addAll(declared);
        return actions;
    }

    private static Optional<IndexAction> planOne(IndexSpec spec, IndexSnapshot observed, Instant now,
            Set<QualifiedName> claimed) {
        String name = String.valueOf(spec.name);
        if (spec.name == null || spec.table == null) {
            return refuse(name, "an index needs a name and a table");
        }
        Optional<ObservedTable> table = observed.table(spec.table);
        if (table.isEmpty()) {
            return refuse(name, "table " + spec.table + " does not exist");
        }
        QualifiedName declaredName = new QualifiedName(table.get().name().schema(), spec.name);
        if (!claimed.add(declaredName)) {
            return refuse(name, "index " + display(declaredName) + " is declared more than once");
        }
        IndexDefinition definition;
        try {
            definition = IndexDefinition.of(spec, now);
        } catch (IllegalArgumentException e) {
            return refuse(name, e.getMessage());
        }
        BuildSteps steps = new BuildSteps(definition, table.get(), observed);
        claimed.addAll(steps.temporaryNames());

        Optional<ObservedIndex> existing = observed.index(declaredName);
        if (existing.isPresent() && !existing.get().owned()) {
            return refuse(name, unmanaged(declaredName));
        }
        Optional<QualifiedName> blocker = steps.unmanagedTemporary();
        if (blocker.isPresent()) {
            return refuse(name, unmanaged(blocker.get()));
        }
        List<IndexStep> leftovers = steps.clearLeftovers();
        if (existing.isEmpty()) {
            return run(name, Reason.CREATE, leftovers, steps.build(), steps.publish(null));
        }
        ObservedIndex current = existing.get();
        if (!current.valid()) {
            // an INVALID index serves no query but still slows writes (and a unique one still
            // rejects duplicates): drop it first instead of keeping it through the rebuild
            List<IndexStep> drop = List.of(IndexStatements.drop(current.name(), current.partitioned()));
            return run(name, Reason.REPAIR_INVALID, leftovers, drop, steps.build(), steps.publish(null));
        }
        OwnershipMarker marker = current.marker().orElseThrow();
        if (definition.needsRebuild(marker, now)) {
            Reason reason = marker.definitionHash().equals(definition.marker().definitionHash())
                    ? Reason.REBUILD_WINDOW : Reason.REBUILD_CHANGED;
            return run(name, reason, leftovers, steps.build(), steps.publish(current));
        }
        return leftovers.isEmpty() ? Optional.empty() : run(name, Reason.DROP_LEFTOVER, leftovers);
    }

    /** Owned indexes no declaration claims. Indexes attached to a partitioned index go with it. */
    private static List<IndexAction> removals(IndexSnapshot observed, Set<QualifiedName> claimed) {
        return observed.indexes().stream()
                .filter(index -> index.owned() && index.parent() == null && !claimed.contains(index.name()))
                .<IndexAction>map(index -> new Run(index.name().name(), Reason.DROP_REMOVED,
                        List.of(IndexStatements.drop(index.name(), index.partitioned()))))
                .toList();
    }

    @SafeVarargs
    private static Optional<IndexAction> run(String index, Reason reason, List<IndexStep>... parts) {
        List<IndexStep> steps = new ArrayList<>();
        for (List<IndexStep> part : parts) {
            steps.addAll(part);
        }
        return Optional.of(new Run(index, reason, steps));
    }

    private static Optional<IndexAction> refuse(String index, String message) {
        return Optional.of(new Refuse(index, message));
    }

    private static String unmanaged(QualifiedName index) {
        return "index " + display(index) + " exists and is not managed by the operator (its comment has no "
                + OwnershipMarker.PREFIX + " marker); drop or rename it, or declare another name";
    }

    private static String display(QualifiedName name) {
        return name.schema() + "." + name.name();
    }
}
