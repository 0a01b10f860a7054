package io.workflowdb.operator.partition.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.workflowdb.operator.api.v1alpha1.PartitionPolicySpec;
import io.workflowdb.operator.partition.model.PartitionAction;

/** The pure half of a conversion: what is refused, and the new table's key and layout. */
class ConversionPlannerTest {

    private static final Instant NOW = ConversionFixtures.NOW;

    @Test
    void aTableThatCanBeConvertedHasNoRefusalAndItsKeyGainsThePartitionKeyWhenAsked() {
        PartitionPolicySpec spec = ConversionFixtures.monthly("workflow_events", "occurred_at");
        spec.conversion.extendPrimaryKey = true;

        assertThat(ConversionPlanner.refusals(spec, table(List.of("id"), true, List.of()))).isEmpty();
        ConversionPlan plan = ConversionPlanner.plan(spec, table(List.of("id"), true, List.of()),
                Instant.parse("2025-01-15T00:00:00Z"), Instant.parse("2026-12-01T00:00:00Z"), NOW);
        assertThat(plan.primaryKey()).containsExactly("id", "occurred_at");
        assertThat(plan.extendsPrimaryKey()).isTrue();
        assertThat(plan.shadow()).isEqualTo("workflow_events_wfdb_new");
        assertThat(plan.retired()).isEqualTo("workflow_events_wfdb_unpartitioned");
        assertThat(plan.columns()).containsExactly("id", "occurred_at", "payload");
        assertThat(plan.layout()).first().isInstanceOf(PartitionAction.CreateDefaultPartition.class);
        assertThat(plan.layout()).hasSize(1 + 24 + 3).element(1).extracting(PartitionAction::partition)
                .isEqualTo("workflow_events_p2025_01");
    }

    @Test
    void eachRefusalNamesTheObjectAndTheFix() {
        PartitionPolicySpec spec = ConversionFixtures.monthly("workflow_events", "occurred_at");
        assertThat(ConversionPlanner.refusals(spec, table(List.of("id"), true, List.of())))
                .containsExactly("the primary key (id) of public.workflow_events does not contain the partition key"
                        + " occurred_at, which a partitioned table needs: set spec.conversion.extendPrimaryKey: true to"
                        + " make it (id, occurred_at)");
        assertThat(ConversionPlanner.refusals(spec, table(List.of(), true, List.of()))).singleElement().asString()
                .startsWith("table public.workflow_events has no primary key");
        spec.conversion.extendPrimaryKey = true;
        assertThat(ConversionPlanner.refusals(spec, table(List.of("id"), false, List.of()))).singleElement().asString()
                .startsWith("column occurred_at allows NULL and cannot join the primary key");
        assertThat(ConversionPlanner.refusals(spec, table(List.of("id"), true, List.of("rule r cannot be carried; drop it first",
                "rule r cannot be carried; drop it first")))).containsExactly("rule r cannot be carried; drop it first");
    }

    @Test
    void aRangePolicyWithoutDefaultRefusesRowsBeyondTheLayout() {
        PartitionPolicySpec spec = ConversionFixtures.monthly("workflow_events", "occurred_at");
        spec.defaultPartition = false;
        spec.conversion.extendPrimaryKey = true;
        Instant ancient = Instant.parse("1900-01-01T00:00:00Z");
        ConversionPlan plan = ConversionPlanner.plan(spec, table(List.of("id"), true, List.of()), ancient, NOW, NOW);

        assertThat(ConversionPlanner.uncovered(plan, ancient, NOW)).singleElement().asString()
                .startsWith("a row at 1900-01-01T00:00:00Z lies more than 1000 intervals from now");
    }

    private static SourceTable table(List<String> primaryKey, boolean keyNotNull, List<String> blocking) {
        return new SourceTable("public", "workflow_events", false,
                List.of(new SourceTable.Column("id", "bigint", true, true, false),
                        new SourceTable.Column("occurred_at", "timestamp with time zone", keyNotNull, false, false),
                        new SourceTable.Column("payload", "jsonb", true, false, false),
                        new SourceTable.Column("day", "date", false, false, true)),
                primaryKey, "occurred_at", false, true, true, blocking, List.of(), 170000, 100, 1000, 8192);
    }
}
