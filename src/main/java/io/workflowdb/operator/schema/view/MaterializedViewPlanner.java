package io.workflowdb.operator.schema.view;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.workflowdb.operator.api.v1alpha1.MaterializedViewSpec;
import io.workflowdb.operator.api.v1alpha1.Patterns;
import io.workflowdb.operator.api.v1alpha1.SchemaStatus.MaterializedViewStatus;
import io.workflowdb.operator.schedule.Schedule;
import io.workflowdb.operator.schema.view.ViewAction.AddUniqueIndex;
import io.workflowdb.operator.schema.view.ViewAction.Create;
import io.workflowdb.operator.schema.view.ViewAction.DropUndeclared;
import io.workflowdb.operator.schema.view.ViewAction.Leftover;
import io.workflowdb.operator.schema.view.ViewAction.Rebuild;
import io.workflowdb.operator.schema.view.ViewAction.Refresh;
import io.workflowdb.operator.schema.view.ViewAction.Refuse;
import io.workflowdb.operator.validation.CrdPatterns;
import io.workflowdb.operator.validation.SpecChecks;
import io.workflowdb.operator.validation.Violation;

/**
 * Decides, without touching a database, what to do about the declared materialized views:
 * <ul>
 * <li>missing: create it {@code WITH DATA} with its unique index; the creation counts as a refresh;</li>
 * <li>same definition: put back a dropped unique index; populate it if it was emptied
 * ({@code WITH NO DATA}); refresh it when a cron fire has passed since the latest refresh began;</li>
 * <li>changed definition: build it under a temporary name and swap it in;</li>
 * <li>present without the operator's marker: never touched, reported;</li>
 * <li>carrying the marker but no longer declared: dropped, as a declarative spec demands.</li>
 * </ul>
 */
final class MaterializedViewPlanner {

    private MaterializedViewPlanner() {
    }

    static List<ViewAction> plan(List<MaterializedViewSpec> desired, ViewSnapshot observed,
            Map<String, MaterializedViewStatus> previous, Instant now) {
        List<ViewAction> actions = new ArrayList<>();
        // views (and temporary views) a declared spec accounts for, so that they are not dropped as undeclared
        Set<String> claimed = new HashSet<>();
        for (MaterializedViewSpec spec : desired) {
            Optional<String> invalid = problem(spec);
            if (invalid.isPresent()) {
                actions.add(new Refuse(spec.name, invalid.get()));
                if (CrdPatterns.matches(Patterns.QUALIFIED_IDENTIFIER, spec.name)) {
                    ViewNames names = ViewNames.of(spec.name, observed.defaultSchema());
                    claimed.add(key(names.schema(), names.view()));
                }
                continue;
            }
            ViewNames names = ViewNames.of(spec.name, observed.defaultSchema());
            if (!claimed.add(key(names.schema(), names.view()))) {
                actions.add(new Refuse(spec.name, "\"" + spec.name + "\" is declared more than once"));
                continue;
            }
            actions.addAll(planOne(spec, names, observed, previous.get(spec.name), now, claimed));
        }
        for (ObservedView view : observed.views()) {
            if (view.managed() && !claimed.contains(key(view.schema(), view.name()))) {
                actions.add(new DropUndeclared(view.schema(), view.name()));
            }
        }
        return actions;
    }

    private static List<ViewAction> planOne(MaterializedViewSpec spec, ViewNames names, ViewSnapshot observed,
            MaterializedViewStatus previous, Instant now, Set<String> claimed) {
        ViewDefinition definition = new ViewDefinition(spec.query, spec.uniqueKey);
        String marker = ViewMarker.of(definition.hash());
        Optional<ObservedView> existing = observed.find(names.schema(), names.view());
        if (existing.isEmpty()) {
            return List.of(new Create(names, spec.query, definition.uniqueKey(), marker));
        }
        ObservedView view = existing.get();
        if (!view.managed()) {
            return List.of(new Refuse(spec.name, "materialized view " + names.schema() + "." + names.view()
                    + " exists and is not managed by the operator (its comment is not the operator's marker);"
                    + " drop or rename it, or declare another name"));
        }
        if (!view.definitionHash().get().equals(definition.hash())) {
            return List.of(rebuild(spec, names, definition, marker, observed, claimed));
        }
        List<ViewAction> actions = new ArrayList<>();
        boolean keyed = !definition.uniqueKey().isEmpty();
        if (keyed && !view.uniqueIndexes().contains(names.uniqueIndex())) {
            actions.add(new AddUniqueIndex(names, definition.uniqueKey()));
        }
        if (!view.populated()) {
            // an unpopulated view fails every read, and CONCURRENTLY refuses it: fill it plainly, now
            actions.add(new Refresh(names, false));
        } else if (refreshDue(spec, previous, now)) {
            actions.add(new Refresh(names, concurrently(spec, keyed)));
        }
        return actions;
    }

    private static ViewAction rebuild(MaterializedViewSpec spec, ViewNames names, ViewDefinition definition,
            String marker, ViewSnapshot observed, Set<String> claimed) {
        Optional<ObservedView> temp = observed.find(names.schema(), names.tempView());
        Leftover leftover = Leftover.NONE;
        if (temp.isPresent()) {
            ObservedView t = temp.get();
            if (!t.managed()) {
                return new Refuse(spec.name, "materialized view " + names.schema() + "." + names.tempView()
                        + ", the name the new definition is built under, exists and is not managed by the operator");
            }
            claimed.add(key(names.schema(), names.tempView()));
            boolean complete = t.populated()
                    && (definition.uniqueKey().isEmpty() || t.uniqueIndexes().contains(names.tempUniqueIndex()));
            leftover = complete && t.definitionHash().get().equals(definition.hash()) ? Leftover.REUSE : Leftover.DISCARD;
        }
        return new Rebuild(names, spec.query, definition.uniqueKey(), marker, leftover);
    }

    /**
     * Due when the latest cron fire at or before now came after the latest refresh began. The start
     * (finish time minus duration) is compared, not the finish: a fire during a long refresh is not
     * covered by data read before it. Without any recorded refresh the view's age is unknown, so it is due.
     */
    static boolean refreshDue(MaterializedViewSpec spec, MaterializedViewStatus previous, Instant now) {
        if (spec.refresh == null || spec.refresh.schedule == null) {
            return false;
        }
        Optional<ZonedDateTime> lastFire = Schedule.parse(spec.refresh.schedule)
                .lastAtOrBefore(now.atZone(ZoneOffset.UTC));
        if (lastFire.isEmpty()) {
            return false;
        }
        Optional<Instant> lastStart = refreshStart(previous);
        return lastStart.isEmpty() || lastFire.get().toInstant().isAfter(lastStart.get());
    }

    private static Optional<Instant> refreshStart(MaterializedViewStatus previous) {
        if (previous == null || previous.lastRefreshTime == null) {
            return Optional.empty();
        }
        try {
            Instant finished = OffsetDateTime.parse(previous.lastRefreshTime).toInstant();
            return Optional.of(previous.lastRefreshMillis == null ? finished : finished.minusMillis(previous.lastRefreshMillis));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Concurrent unless the spec says otherwise; impossible without a unique key. */
    private static boolean concurrently(MaterializedViewSpec spec, boolean keyed) {
        boolean wanted = spec.refresh == null || spec.refresh.concurrently == null || spec.refresh.concurrently;
        return keyed && wanted;
    }

    private static Optional<String> problem(MaterializedViewSpec spec) {
        SpecChecks checks = new SpecChecks();
        if (!CrdPatterns.matches(Patterns.QUALIFIED_IDENTIFIER, spec.name)) {
            checks.fail("name", "\"" + spec.name + "\" is not a lower-case PostgreSQL identifier, optionally schema-qualified");
        }
        if (spec.query == null || spec.query.isBlank()) {
            checks.fail("query", "a query is required");
        }
        checks.query("query", spec.query)
                .identifiers("uniqueKey", spec.uniqueKey)
                .cron("refresh.schedule", spec.refresh == null ? null : spec.refresh.schedule);
        List<Violation> violations = checks.violations();
        if (violations.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("invalid spec: " + violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
    }

    private static String key(String schema, String name) {
        return schema + "." + name;
    }
}
