package io.workflowdb.operator.maintenance.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.workflowdb.operator.api.v1alpha1.MaintenancePolicySpec;
import io.workflowdb.operator.maintenance.plan.CatalogFacts.InvalidIndex;
import io.workflowdb.operator.maintenance.plan.CatalogFacts.View;
import io.workflowdb.operator.maintenance.plan.MaintenanceAction.Kind;

class MaintenancePlannerTest {

    @Test
    void theSeedsDailyMaintenanceInItsOrderOneActionPerTable() {
        MaintenancePolicySpec spec = seedDaily();
        CatalogFacts facts = new CatalogFacts(Map.of("daily_task_metrics", new View("public", "daily_task_metrics", true, true)),
                List.of());

        MaintenancePlan plan = MaintenancePlanner.plan(spec, facts);

        assertThat(plan.actions()).extracting(MaintenanceAction::name).containsExactly("analyze", "vacuum tasks",
                "vacuum task_executions", "vacuum workflow_events", "refresh daily_task_metrics", "reindex invalid indexes");
        assertThat(plan.actions()).extracting(MaintenanceAction::sql).containsExactly("ANALYZE", "VACUUM (ANALYZE) \"tasks\"",
                "VACUUM (ANALYZE) \"task_executions\"", "VACUUM (ANALYZE) \"workflow_events\"",
                "REFRESH MATERIALIZED VIEW CONCURRENTLY \"public\".\"daily_task_metrics\"", null);
        assertThat(plan.actions().get(4).lockTimeout()).as("a concurrent refresh blocks no reader").isNull();
        assertThat(plan.actions().get(5).kind()).isEqualTo(Kind.NOTHING);
        assertThat(plan.actions().get(5).note()).isEqualTo("no invalid index to rebuild");
        assertThat(plan.reports()).containsExactly(ReportKind.UNUSED_INDEXES, ReportKind.BLOAT, ReportKind.SIZES);
        assertThat(MaintenancePlanner.maxDuration(spec)).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void namesAreQuotedAndRepeatsRunOnce() {
        MaintenancePolicySpec spec = new MaintenancePolicySpec();
        spec.analyze = new MaintenancePolicySpec.AnalyzeSpec();
        spec.analyze.tables = List.of("audit.Events", "audit.Events", "tasks");
        spec.vacuum = new MaintenancePolicySpec.VacuumSpec();
        spec.vacuum.analyze = false;

        MaintenancePlan plan = MaintenancePlanner.plan(spec, CatalogFacts.EMPTY);

        assertThat(plan.actions()).extracting(MaintenanceAction::sql).containsExactly("ANALYZE \"audit\".\"Events\"",
                "ANALYZE \"tasks\"", "VACUUM");
        assertThat(plan.reports()).isEmpty();
        assertThat(MaintenancePlanner.maxDuration(spec)).isEqualTo(MaintenancePlanner.DEFAULT_MAX_DURATION);
    }

    @Test
    void aViewNeverPopulatedIsRefreshedPlainlyWithALockTimeout() {
        MaintenancePolicySpec spec = refresh(true, "fresh_view", "reports.Missing");
        CatalogFacts facts = new CatalogFacts(Map.of("fresh_view", new View("public", "fresh_view", true, false)), List.of());

        List<MaintenanceAction> actions = MaintenancePlanner.plan(spec, facts).actions();

        assertThat(actions.get(0).sql()).isEqualTo("REFRESH MATERIALIZED VIEW \"public\".\"fresh_view\"");
        assertThat(actions.get(0).note()).isEqualTo("never populated, so refreshed without CONCURRENTLY");
        assertThat(actions.get(0).lockTimeout()).isEqualTo(MaintenancePlanner.PLAIN_REFRESH_LOCK_TIMEOUT);
        assertThat(actions.get(1).sql()).as("unresolved: PostgreSQL's error will say why")
                .isEqualTo("REFRESH MATERIALIZED VIEW CONCURRENTLY \"reports\".\"Missing\"");
    }

    @Test
    void aPlainRefreshWaitsForItsLockOnlyBriefly() {
        List<MaintenanceAction> actions = MaintenancePlanner.plan(refresh(false, "v"),
                new CatalogFacts(Map.of("v", new View("public", "v", true, true)), List.of())).actions();

        assertThat(actions).singleElement().satisfies(a -> {
            assertThat(a.sql()).isEqualTo("REFRESH MATERIALIZED VIEW \"public\".\"v\"");
            assertThat(a.lockTimeout()).isEqualTo(MaintenancePlanner.PLAIN_REFRESH_LOCK_TIMEOUT);
            assertThat(a.note()).isNull();
        });
    }

    @Test
    void leftoversOfAFailedReindexAreDroppedBeforeTheOthersAreRebuilt() {
        MaintenancePolicySpec spec = new MaintenancePolicySpec();
        spec.reindexInvalid = true;
        Set<String> siblings = Set.of("tasks_pkey", "idx_tasks_status", "idx_tasks_status_ccnew", "idx_orphan_ccnew1");
        CatalogFacts facts = new CatalogFacts(Map.of(), List.of(
                new InvalidIndex("public", "idx_tasks_status_ccnew", "tasks", null, false, siblings),
                new InvalidIndex("public", "idx_agent", "tasks", null, false, siblings),
                new InvalidIndex("public", "idx_orphan_ccnew1", "tasks", null, false, siblings),
                new InvalidIndex("public", "idx_building", "tasks", null, true, siblings),
                new InvalidIndex("public", "idx_declared", "tasks", "workflowdb:declared", false, siblings),
                new InvalidIndex("public", "idx_x_wfdb_new", "tasks", null, false, siblings)));

        List<MaintenanceAction> actions = MaintenancePlanner.plan(spec, facts).actions();

        assertThat(actions).extracting(MaintenanceAction::sql).containsExactly(
                "DROP INDEX CONCURRENTLY \"public\".\"idx_tasks_status_ccnew\"",
                "REINDEX INDEX CONCURRENTLY \"public\".\"idx_agent\"",
                "REINDEX INDEX CONCURRENTLY \"public\".\"idx_orphan_ccnew1\"");
        assertThat(actions.get(0).note()).isEqualTo("left by a failed REINDEX CONCURRENTLY of public.idx_tasks_status");
    }

    @Test
    void whenEveryInvalidIndexIsSomebodyElsesTheNoteSaysWhose() {
        MaintenancePolicySpec spec = new MaintenancePolicySpec();
        spec.reindexInvalid = true;
        CatalogFacts facts = new CatalogFacts(Map.of(), List.of(
                new InvalidIndex("public", "idx_building", "tasks", null, true, Set.of()),
                new InvalidIndex("public", "idx_declared", "tasks", "workflowdb:declared", false, Set.of())));

        assertThat(MaintenancePlanner.plan(spec, facts).actions()).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo(Kind.NOTHING);
            assertThat(a.note()).isEqualTo("no invalid index to rebuild; 1 being built now; 1 left to the schema pass,"
                    + " which rebuilds the indexes it declares");
        });
    }

    static MaintenancePolicySpec refresh(boolean concurrently, String... names) {
        MaintenancePolicySpec spec = new MaintenancePolicySpec();
        spec.refreshMaterializedViews = new MaintenancePolicySpec.RefreshSpec();
        spec.refreshMaterializedViews.names = List.of(names);
        spec.refreshMaterializedViews.concurrently = concurrently;
        return spec;
    }

    static MaintenancePolicySpec seedDaily() {
        MaintenancePolicySpec spec = new MaintenancePolicySpec();
        spec.schedule = "0 1 * * *";
        spec.analyze = new MaintenancePolicySpec.AnalyzeSpec();
        spec.vacuum = new MaintenancePolicySpec.VacuumSpec();
        spec.vacuum.tables = List.of("tasks", "task_executions", "workflow_events");
        spec.vacuum.analyze = true;
        spec.refreshMaterializedViews = new MaintenancePolicySpec.RefreshSpec();
        spec.refreshMaterializedViews.names = List.of("daily_task_metrics");
        spec.refreshMaterializedViews.concurrently = true;
        spec.reindexInvalid = true;
        spec.reports = new MaintenancePolicySpec.ReportsSpec();
        spec.reports.unusedIndexes = true;
        spec.reports.bloat = true;
        spec.reports.sizes = true;
        spec.maxDuration = "30m";
        return spec;
    }
}
