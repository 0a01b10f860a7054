package io.workflowdb.operator.schema.view;

import static io.workflowdb.operator.schema.view.ViewFixtures.daily;
import static io.workflowdb.operator.schema.view.ViewFixtures.managed;
import static io.workflowdb.operator.schema.view.ViewFixtures.markerOf;
import static io.workflowdb.operator.schema.view.ViewFixtures.spec;
import static io.workflowdb.operator.schema.view.ViewFixtures.status;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.workflowdb.operator.api.v1alpha1.MaterializedViewSpec;
import io.workflowdb.operator.api.v1alpha1.SchemaStatus.MaterializedViewStatus;
import io.workflowdb.operator.schema.view.ViewAction.AddUniqueIndex;
import io.workflowdb.operator.schema.view.ViewAction.Create;
import io.workflowdb.operator.schema.view.ViewAction.DropUndeclared;
import io.workflowdb.operator.schema.view.ViewAction.Leftover;
import io.workflowdb.operator.schema.view.ViewAction.Rebuild;
import io.workflowdb.operator.schema.view.ViewAction.Refresh;
import io.workflowdb.operator.schema.view.ViewAction.Refuse;

class MaterializedViewPlannerTest {

    /** Daily schedule 0 1 * * *: the latest fire before NOW is 2025-03-10T01:00Z. */
    private static final Instant NOW = Instant.parse("2025-03-10T12:00:00Z");
    private static final ViewNames DAILY = ViewNames.of("daily_task_metrics", "public");

    private static List<ViewAction> plan(List<MaterializedViewSpec> specs, List<ObservedView> views, MaterializedViewStatus... previous) {
        Map<String, MaterializedViewStatus> byName = new HashMap<>();
        Arrays.stream(previous).forEach(s -> byName.put(s.name, s));
        return MaterializedViewPlanner.plan(specs, new ViewSnapshot("public", views), byName, NOW);
    }

    private static MaterializedViewStatus refreshedAt(String time) {
        return status("daily_task_metrics", time, 1000L);
    }

    @Test
    void missingViewIsCreatedWithItsUniqueKeyAndMarker() {
        MaterializedViewSpec spec = daily();
        assertThat(plan(List.of(spec), List.of()))
                .containsExactly(new Create(DAILY, spec.query, List.of("date", "project_id"), markerOf(spec)));
    }

    @Test
    void missingViewWithoutUniqueKeyIsCreatedWithoutIndex() {
        MaterializedViewSpec spec = spec("totals", "SELECT count(*) AS n FROM tasks", null, null, null);
        assertThat(plan(List.of(spec), List.of()))
                .containsExactly(new Create(ViewNames.of("totals", "public"), spec.query, List.of(), markerOf(spec)));
    }

    @Test
    void missingViewInAnotherSchemaIsCreatedThere() {
        MaterializedViewSpec spec = spec("analytics.totals", "SELECT 1 AS one", null, null, null);
        assertThat(plan(List.of(spec), List.of())).singleElement()
                .isInstanceOfSatisfying(Create.class, c -> assertThat(c.names().schema()).isEqualTo("analytics"));
    }

    @Test
    void unmanagedViewIsReportedAndNeverTouched() {
        ObservedView foreign = new ObservedView("public", "daily_task_metrics", "made by hand", true, Set.of());
        assertThat(plan(List.of(daily()), List.of(foreign))).singleElement()
                .isInstanceOfSatisfying(Refuse.class, r -> {
                    assertThat(r.view()).isEqualTo("daily_task_metrics");
                    assertThat(r.reason()).contains("exists and is not managed by the operator");
                });
    }

    @Test
    void viewWithoutAnyCommentIsUnmanagedToo() {
        ObservedView foreign = new ObservedView("public", "daily_task_metrics", null, true, Set.of());
        assertThat(plan(List.of(daily()), List.of(foreign))).singleElement().isInstanceOf(Refuse.class);
    }

    @Test
    void undeclaredUnmanagedViewIsLeftAlone() {
        ObservedView foreign = new ObservedView("public", "reports", "made by hand", true, Set.of());
        assertThat(plan(List.of(), List.of(foreign))).isEmpty();
    }

    @Test
    void refreshedConcurrentlyWhenAFireCameAfterTheLatestRefresh() {
        assertThat(plan(List.of(daily()), List.of(managed(daily())), refreshedAt("2025-03-09T01:00:05Z")))
                .containsExactly(new Refresh(DAILY, true));
    }

    @Test
    void notRefreshedWhenTheLatestRefreshBeganAfterTheLatestFire() {
        assertThat(plan(List.of(daily()), List.of(managed(daily())), refreshedAt("2025-03-10T01:00:05Z"))).isEmpty();
    }

    @Test
    void refreshBeganExactlyAtTheFireCoversIt() {
        MaterializedViewStatus s = status("daily_task_metrics", "2025-03-10T01:00:02Z", 2000L);
        assertThat(plan(List.of(daily()), List.of(managed(daily())), s)).isEmpty();
    }

    @Test
    void refreshThatBeganBeforeTheFireAndEndedAfterItDoesNotCoverIt() {
        MaterializedViewStatus s = status("daily_task_metrics", "2025-03-10T01:00:30Z", 60_000L);
        assertThat(plan(List.of(daily()), List.of(managed(daily())), s)).containsExactly(new Refresh(DAILY, true));
    }

    @Test
    void withoutRecordedRefreshTheViewIsRefreshed() {
        assertThat(plan(List.of(daily()), List.of(managed(daily())))).containsExactly(new Refresh(DAILY, true));
        assertThat(plan(List.of(daily()), List.of(managed(daily())), status("daily_task_metrics", null, null)))
                .containsExactly(new Refresh(DAILY, true));
    }

    @Test
    void unreadableRefreshTimeCountsAsNone() {
        assertThat(plan(List.of(daily()), List.of(managed(daily())), refreshedAt("yesterday")))
                .containsExactly(new Refresh(DAILY, true));
    }

    @Test
    void refreshTimeWithAnOffsetIsUnderstood() {
        assertThat(plan(List.of(daily()), List.of(managed(daily())), refreshedAt("2025-03-10T03:00:05+02:00"))).isEmpty();
    }

    @Test
    void withoutScheduleTheViewIsNeverRefreshed() {
        MaterializedViewSpec spec = spec("daily_task_metrics", ViewFixtures.DAILY_QUERY, List.of("date", "project_id"), null, null);
        assertThat(plan(List.of(spec), List.of(managed(spec)))).isEmpty();
    }

    @Test
    void refreshedPlainlyWhenConcurrentlyIsOff() {
        MaterializedViewSpec spec = spec("daily_task_metrics", ViewFixtures.DAILY_QUERY, List.of("date", "project_id"), "0 1 * * *", false);
        assertThat(plan(List.of(spec), List.of(managed(spec)))).containsExactly(new Refresh(DAILY, false));
    }

    @Test
    void refreshedPlainlyWithoutUniqueKey() {
        MaterializedViewSpec spec = spec("totals", "SELECT count(*) AS n FROM tasks", null, "0 1 * * *", null);
        assertThat(plan(List.of(spec), List.of(managed(spec))))
                .containsExactly(new Refresh(ViewNames.of("totals", "public"), false));
    }

    @Test
    void concurrentlyWithoutUniqueKeyFallsBackToPlain() {
        MaterializedViewSpec spec = spec("totals", "SELECT count(*) AS n FROM tasks", List.of(), "0 1 * * *", true);
        assertThat(plan(List.of(spec), List.of(managed(spec))))
                .containsExactly(new Refresh(ViewNames.of("totals", "public"), false));
    }

    @Test
    void unpopulatedViewIsFilledPlainlyAtOnceWhateverTheSchedule() {
        ObservedView emptied = new ObservedView("public", "daily_task_metrics", markerOf(daily()), false,
                Set.of(DAILY.uniqueIndex()));
        assertThat(plan(List.of(daily()), List.of(emptied), refreshedAt("2025-03-10T01:00:05Z")))
                .containsExactly(new Refresh(DAILY, false));
    }

    @Test
    void droppedUniqueIndexIsPutBackBeforeTheRefresh() {
        ObservedView noIndex = new ObservedView("public", "daily_task_metrics", markerOf(daily()), true, Set.of("other_idx"));
        assertThat(plan(List.of(daily()), List.of(noIndex)))
                .containsExactly(new AddUniqueIndex(DAILY, List.of("date", "project_id")), new Refresh(DAILY, true));
        assertThat(plan(List.of(daily()), List.of(noIndex), refreshedAt("2025-03-10T01:00:05Z")))
                .containsExactly(new AddUniqueIndex(DAILY, List.of("date", "project_id")));
    }

    @Test
    void reformattedQueryIsNotAChange() {
        MaterializedViewSpec reformatted = daily();
        reformatted.query = "  " + daily().query.replace("\n", "\n\n   ") + "\n";
        assertThat(plan(List.of(reformatted), List.of(managed(daily())), refreshedAt("2025-03-10T01:00:05Z"))).isEmpty();
    }

    private final MaterializedViewSpec changed = spec("daily_task_metrics",
            ViewFixtures.DAILY_QUERY.replace("COUNT(*) AS tasks_created", "COUNT(*) AS tasks_created, MAX(priority) AS top_priority"),
            List.of("date", "project_id"), "0 1 * * *", null);

    @Test
    void changedQueryIsRebuiltAndSwappedIn() {
        assertThat(plan(List.of(changed), List.of(managed(daily())), refreshedAt("2025-03-10T01:00:05Z")))
                .containsExactly(new Rebuild(DAILY, changed.query, List.of("date", "project_id"), markerOf(changed), Leftover.NONE));
    }

    @Test
    void changedUniqueKeyIsAChange() {
        MaterializedViewSpec rekeyed = spec("daily_task_metrics", ViewFixtures.DAILY_QUERY, List.of("project_id", "date"), "0 1 * * *", null);
        assertThat(plan(List.of(rekeyed), List.of(managed(daily())))).singleElement().isInstanceOf(Rebuild.class);
    }

    @Test
    void leftoverTemporaryViewWithTheWantedDefinitionIsReused() {
        ObservedView leftover = new ObservedView("public", DAILY.tempView(), markerOf(changed), true, Set.of(DAILY.tempUniqueIndex()));
        assertThat(plan(List.of(changed), List.of(managed(daily()), leftover))).singleElement()
                .isInstanceOfSatisfying(Rebuild.class, r -> assertThat(r.leftover()).isEqualTo(Leftover.REUSE));
    }

    @Test
    void leftoverTemporaryViewWithAnotherDefinitionIsDiscarded() {
        ObservedView leftover = new ObservedView("public", DAILY.tempView(), markerOf(daily()), true, Set.of(DAILY.tempUniqueIndex()));
        assertThat(plan(List.of(changed), List.of(managed(daily()), leftover))).singleElement()
                .isInstanceOfSatisfying(Rebuild.class, r -> assertThat(r.leftover()).isEqualTo(Leftover.DISCARD));
    }

    @Test
    void incompleteLeftoverTemporaryViewIsDiscarded() {
        ObservedView unindexed = new ObservedView("public", DAILY.tempView(), markerOf(changed), true, Set.of());
        ObservedView unpopulated = new ObservedView("public", DAILY.tempView(), markerOf(changed), false, Set.of(DAILY.tempUniqueIndex()));
        for (ObservedView leftover : List.of(unindexed, unpopulated)) {
            assertThat(plan(List.of(changed), List.of(managed(daily()), leftover))).singleElement()
                    .isInstanceOfSatisfying(Rebuild.class, r -> assertThat(r.leftover()).isEqualTo(Leftover.DISCARD));
        }
    }

    @Test
    void unmanagedViewAtTheTemporaryNameStopsTheRebuild() {
        ObservedView foreign = new ObservedView("public", DAILY.tempView(), null, true, Set.of());
        assertThat(plan(List.of(changed), List.of(managed(daily()), foreign))).singleElement()
                .isInstanceOfSatisfying(Refuse.class, r -> assertThat(r.reason()).contains("daily_task_metrics_next")
                        .contains("not managed by the operator"));
    }

    @Test
    void managedViewNoSpecDeclaresIsDropped() {
        ObservedView old = managed(spec("old_metrics", "SELECT 1 AS one", null, null, null));
        assertThat(plan(List.of(), List.of(old))).containsExactly(new DropUndeclared("public", "old_metrics"));
    }

    @Test
    void leftoverTemporaryViewOfAnUnchangedViewIsDropped() {
        ObservedView leftover = new ObservedView("public", DAILY.tempView(), markerOf(daily()), true, Set.of());
        assertThat(plan(List.of(daily()), List.of(managed(daily()), leftover), refreshedAt("2025-03-10T01:00:05Z")))
                .containsExactly(new DropUndeclared("public", DAILY.tempView()));
    }

    @Test
    void viewOfAnInvalidSpecIsKeptNotDropped() {
        MaterializedViewSpec broken = daily();
        broken.query = "SELECT 1; DROP TABLE tasks";
        assertThat(plan(List.of(broken), List.of(managed(daily())))).singleElement()
                .isInstanceOfSatisfying(Refuse.class, r -> assertThat(r.reason()).startsWith("invalid spec: query: must not contain ';'"));
    }

    @Test
    void eachProblemOfAnInvalidSpecIsReported() {
        MaterializedViewSpec spec = spec("daily_task_metrics", "DELETE FROM tasks", List.of("Date"), "every day", null);
        assertThat(plan(List.of(spec), List.of())).singleElement().isInstanceOfSatisfying(Refuse.class, r -> assertThat(r.reason())
                .contains("query: must be a SELECT or WITH query")
                .contains("uniqueKey[0]")
                .contains("refresh.schedule"));
    }

    @Test
    void missingQueryOrBadNameIsRefused() {
        assertThat(plan(List.of(spec("v", null, null, null, null)), List.of())).singleElement()
                .isInstanceOfSatisfying(Refuse.class, r -> assertThat(r.reason()).contains("a query is required"));
        assertThat(plan(List.of(spec("a.b.c", "SELECT 1", null, null, null)), List.of())).singleElement()
                .isInstanceOfSatisfying(Refuse.class, r -> assertThat(r.reason()).contains("name"));
    }

    @Test
    void secondDeclarationOfOneViewIsRefused() {
        MaterializedViewSpec again = spec("public.daily_task_metrics", "SELECT 1 AS one", null, null, null);
        List<ViewAction> actions = plan(List.of(daily(), again), List.of());
        assertThat(actions).hasSize(2);
        assertThat(actions.get(0)).isInstanceOf(Create.class);
        assertThat(actions.get(1)).isInstanceOfSatisfying(Refuse.class,
                r -> assertThat(r.reason()).contains("declared more than once"));
    }

    @Test
    void viewsArePlannedIndependently() {
        MaterializedViewSpec totals = spec("totals", "SELECT count(*) AS n FROM tasks", null, null, null);
        ObservedView foreign = new ObservedView("public", "daily_task_metrics", "made by hand", true, Set.of());
        List<ViewAction> actions = plan(List.of(daily(), totals), List.of(foreign));
        assertThat(actions).hasSize(2);
        assertThat(actions.get(0)).isInstanceOf(Refuse.class);
        assertThat(actions.get(1)).isInstanceOf(Create.class);
    }
}
