package io.workflowdb.operator.schema.view;

import static io.workflowdb.operator.schema.view.ViewFixtures.spec;
import static io.workflowdb.operator.schema.view.ViewFixtures.status;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.workflowdb.operator.api.v1alpha1.MaterializedViewSpec;
import io.workflowdb.operator.api.v1alpha1.SchemaStatus.MaterializedViewStatus;

class ViewStatusesTest {

    private static final List<MaterializedViewSpec> SPECS = List.of(
            spec("a", "SELECT 1 AS n", null, null, null),
            spec("b", "SELECT 2 AS n", null, null, null),
            spec("c", "SELECT 3 AS n", null, null, null));

    @Test
    void oneEntryPerDeclaredViewInSpecOrder() {
        MaterializedViewStatus gone = status("removed", "2025-03-01T00:00:00Z", 5L);
        List<MaterializedViewStatus> statuses = ViewStatuses.merge(SPECS, Map.of("removed", gone), Map.of());
        assertThat(statuses).extracting(s -> s.name).containsExactly("a", "b", "c");
    }

    @Test
    void refreshedViewGetsTheNewTimeAndDuration() {
        List<MaterializedViewStatus> statuses = ViewStatuses.merge(SPECS,
                Map.of("a", status("a", "2025-03-01T00:00:00Z", 5L)),
                Map.of("a", ViewOutcome.refreshed(Instant.parse("2025-03-10T01:00:07.250Z"), 7250)));
        assertThat(statuses.get(0).lastRefreshTime).isEqualTo("2025-03-10T01:00:07.250Z");
        assertThat(statuses.get(0).lastRefreshMillis).isEqualTo(7250L);
        assertThat(statuses.get(0).error).isNull();
    }

    @Test
    void failedViewKeepsItsLatestRefreshAndCarriesTheError() {
        MaterializedViewStatus before = status("b", "2025-03-01T00:00:00Z", 5L);
        List<MaterializedViewStatus> statuses = ViewStatuses.merge(SPECS, Map.of("b", before),
                Map.of("b", ViewOutcome.failed("relation \"nope\" does not exist")));
        assertThat(statuses.get(1).lastRefreshTime).isEqualTo("2025-03-01T00:00:00Z");
        assertThat(statuses.get(1).lastRefreshMillis).isEqualTo(5L);
        assertThat(statuses.get(1).error).isEqualTo("relation \"nope\" does not exist");
    }

    @Test
    void untouchedViewCarriesItsRefreshForwardAndDropsAnOldError() {
        MaterializedViewStatus before = status("c", "2025-03-01T00:00:00Z", 5L);
        before.error = "canceling statement due to lock timeout";
        MaterializedViewStatus after = ViewStatuses.merge(SPECS, Map.of("c", before), Map.of()).get(2);
        assertThat(after.lastRefreshTime).isEqualTo("2025-03-01T00:00:00Z");
        assertThat(after.lastRefreshMillis).isEqualTo(5L);
        assertThat(after.error).isNull();
        assertThat(after).isNotSameAs(before);
    }

    @Test
    void neverRefreshedViewHasOnlyItsName() {
        MaterializedViewStatus a = ViewStatuses.merge(SPECS, Map.of(), Map.of()).get(0);
        assertThat(a.name).isEqualTo("a");
        assertThat(a.lastRefreshTime).isNull();
        assertThat(a.lastRefreshMillis).isNull();
    }
}
