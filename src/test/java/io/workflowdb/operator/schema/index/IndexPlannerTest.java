package io.workflowdb.operator.schema.index;

import static io.workflowdb.operator.schema.index.IndexSpecs.column;
import static io.workflowdb.operator.schema.index.IndexSpecs.desc;
import static io.workflowdb.operator.schema.index.IndexSpecs.expression;
import static io.workflowdb.operator.schema.index.IndexSpecs.index;
import static io.workflowdb.operator.schema.index.IndexSpecs.window;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.workflowdb.operator.api.v1alpha1.IndexSpec;
import io.workflowdb.operator.schema.index.IndexAction.Reason;
import io.workflowdb.operator.schema.index.IndexAction.Refuse;
import io.workflowdb.operator.schema.index.IndexAction.Run;
import io.workflowdb.operator.schema.index.IndexSnapshot.ObservedIndex;
import io.workflowdb.operator.schema.index.IndexSnapshot.ObservedTable;
import io.workflowdb.operator.schema.index.IndexSnapshot.Partition;
import io.workflowdb.operator.sql.Identifiers.QualifiedName;

class IndexPlannerTest {

    private static final Instant NOW = Instant.parse("2024-01-15T10:00:00Z");
    private static final IndexSpec PRIORITY = index("idx_priority", "tasks", desc("priority"));
    private static final String CREATE_PRIORITY_TEMP =
            "CREATE INDEX CONCURRENTLY \"idx_priority_wfdb_new\" ON \"public\".\"tasks\" USING btree (\"priority\" DESC)";

    private final Map<String, ObservedTable> tables = new java.util.HashMap<>(Map.of(
            "tasks", new ObservedTable(name("tasks"), false, List.of())));
    private final List<ObservedIndex> indexes = new ArrayList<>();

    @Test
    void aMissingIndexIsBuiltUnderTheTemporaryNameThenRenamed() {
        assertThat(statements(plan(PRIORITY))).containsExactly(
                CREATE_PRIORITY_TEMP,
                "COMMENT ON INDEX \"public\".\"idx_priority_wfdb_new\" IS '" + marker(PRIORITY).render() + "'",
                "ALTER INDEX \"public\".\"idx_priority_wfdb_new\" RENAME TO \"idx_priority\"");
        assertThat(((Run) plan(PRIORITY).get(0)).reason()).isEqualTo(Reason.CREATE);
    }

    @Test
    void anOwnedValidIndexWithTheSameDefinitionIsLeftAlone() {
        indexes.add(owned("idx_priority", PRIORITY, true));
        assertThat(plan(PRIORITY)).isEmpty();
    }

    @Test
    void anOwnedInvalidIndexIsDroppedConcurrentlyAndRebuilt() {
        indexes.add(owned("idx_priority", PRIORITY, false));
        Run run = (Run) single(plan(PRIORITY));
        assertThat(run.reason()).isEqualTo(Reason.REPAIR_INVALID);
        assertThat(statements(List.of(run))).startsWith("DROP INDEX CONCURRENTLY \"public\".\"idx_priority\"", CREATE_PRIORITY_TEMP)
                .doesNotContain("BEGIN").allSatisfy(sql -> assertThat(sql).doesNotContain("IF NOT EXISTS"));
    }

    @Test
    void anInvalidLeftoverUnderTheTemporaryNameIsDroppedEvenWithoutMarker() {
        indexes.add(new ObservedIndex(name("idx_priority_wfdb_new"), name("tasks"), false, false, null, null));
        assertThat(statements(plan(PRIORITY))).startsWith("DROP INDEX CONCURRENTLY \"public\".\"idx_priority_wfdb_new\"",
                CREATE_PRIORITY_TEMP);
    }

    @Test
    void anOwnedLeftoverBesideAnUpToDateIndexIsDropped() {
        indexes.add(owned("idx_priority", PRIORITY, true));
        indexes.add(owned("idx_priority_wfdb_new", PRIORITY, true));
        Run run = (Run) single(plan(PRIORITY));
        assertThat(run.reason()).isEqualTo(Reason.DROP_LEFTOVER);
        assertThat(statements(List.of(run))).containsExactly("DROP INDEX CONCURRENTLY \"public\".\"idx_priority_wfdb_new\"");
    }

    @Test
    void aValidUnmanagedIndexUnderTheTemporaryNameBlocksTheBuild() {
        indexes.add(new ObservedIndex(name("idx_priority_wfdb_new"), name("tasks"), true, false, "mine", null));
        assertThat(single(plan(PRIORITY))).isInstanceOfSatisfying(Refuse.class,
                refuse -> assertThat(refuse.message()).contains("idx_priority_wfdb_new exists and is not managed by the operator"));
    }

    @Test
    void anUnmanagedIndexWithTheDeclaredNameIsReportedAndNeverTouched() {
        indexes.add(new ObservedIndex(name("idx_priority"), name("tasks"), true, false, "made by hand", null));
        assertThat(plan(PRIORITY)).singleElement().isInstanceOfSatisfying(Refuse.class, refuse -> {
            assertThat(refuse.index()).isEqualTo("idx_priority");
            assertThat(refuse.message()).contains("public.idx_priority exists and is not managed by the operator");
        });
        indexes.set(0, new ObservedIndex(name("idx_priority"), name("tasks"), false, false, null, null));
        assertThat(single(plan(PRIORITY))).isInstanceOf(Refuse.class);
    }

    @Test
    void aChangedDefinitionIsBuiltBesideTheOldIndexAndSwappedInOneTransaction() {
        indexes.add(owned("idx_priority", index("idx_priority", "tasks", column("priority")), true));
        Run run = (Run) single(plan(PRIORITY));
        assertThat(run.reason()).isEqualTo(Reason.REBUILD_CHANGED);
        assertThat(statements(List.of(run))).containsExactly(
                CREATE_PRIORITY_TEMP,
                "COMMENT ON INDEX \"public\".\"idx_priority_wfdb_new\" IS '" + marker(PRIORITY).render() + "'",
                "BEGIN",
                "ALTER INDEX \"public\".\"idx_priority\" RENAME TO \"idx_priority_wfdb_old\"",
                "ALTER INDEX \"public\".\"idx_priority_wfdb_new\" RENAME TO \"idx_priority\"",
                "COMMIT",
                "DROP INDEX CONCURRENTLY \"public\".\"idx_priority_wfdb_old\"");
    }

    @Test
    void anOwnedIndexNoLongerDeclaredIsDroppedConcurrently() {
        indexes.add(owned("idx_old", index("idx_old", "tasks", column("title")), true));
        indexes.add(new ObservedIndex(name("idx_by_hand"), name("tasks"), true, false, null, null));
        indexes.add(new ObservedIndex(name("tasks_pkey"), name("tasks"), true, false, "primary key", null));
        Run run = (Run) single(plan());
        assertThat(run.reason()).isEqualTo(Reason.DROP_REMOVED);
        assertThat(run.index()).isEqualTo("idx_old");
        assertThat(statements(List.of(run))).containsExactly("DROP INDEX CONCURRENTLY \"public\".\"idx_old\"");
    }

    @Test
    void removalsComeFirstSoAnInterruptedSwapFreesTheRetiredName() {
        indexes.add(owned("idx_priority", index("idx_priority", "tasks", column("priority")), true));
        indexes.add(owned("idx_priority_wfdb_old", index("idx_priority", "tasks", column("priority")), true));
        List<IndexAction> plan = plan(PRIORITY);
        assertThat(plan).hasSize(2);
        assertThat(((Run) plan.get(0)).reason()).isEqualTo(Reason.DROP_REMOVED);
        assertThat(((Run) plan.get(1)).reason()).isEqualTo(Reason.REBUILD_CHANGED);
    }

    @Test
    void aSpecThatCannotBeRenderedIsRefusedAndItsIndexKept() {
        indexes.add(owned("idx_bad", index("idx_bad", "tasks", column("title")), true));
        assertThat(plan(index("idx_bad", "tasks", expression("(title); DROP TABLE tasks")))).singleElement()
                .isInstanceOfSatisfying(Refuse.class, refuse -> assertThat(refuse.message()).contains("';'"));
    }

    @Test
    void aMissingTableOrADuplicateDeclarationIsRefused() {
        assertThat(single(plan(index("i", "nowhere", column("a"))))).isInstanceOfSatisfying(Refuse.class,
                refuse -> assertThat(refuse.message()).isEqualTo("table nowhere does not exist"));
        List<IndexAction> twice = plan(PRIORITY, index("idx_priority", "tasks", column("title")));
        assertThat(twice.get(1)).isInstanceOfSatisfying(Refuse.class,
                refuse -> assertThat(refuse.message()).contains("declared more than once"));
    }

    @Test
    void aRollingWindowIsRebuiltWithANewCutoffOnlyAfterItsScheduleFires() {
        IndexSpec recent = window(index("idx_recent", "tasks", column("status")), "created_at", "7d", "0 3 * * *");
        Instant builtYesterday = Instant.parse("2024-01-14T03:00:05Z");
        indexes.add(new ObservedIndex(name("idx_recent"), name("tasks"), true, false,
                IndexDefinition.of(recent, builtYesterday).marker().render(), null));

        assertThat(IndexPlanner.plan(List.of(recent), snapshot(), Instant.parse("2024-01-15T02:59:00Z"))).isEmpty();

        List<IndexAction> due = IndexPlanner.plan(List.of(recent), snapshot(), Instant.parse("2024-01-15T03:00:00Z"));
        Run run = (Run) single(due);
        assertThat(run.reason()).isEqualTo(Reason.REBUILD_WINDOW);
        assertThat(statements(due).get(0)).endsWith("WHERE \"created_at\" >= '2024-01-08 03:00:00+00'");
        assertThat(statements(due)).contains("DROP INDEX CONCURRENTLY \"public\".\"idx_recent_wfdb_old\"");
    }

    @Test
    void aPartitionedTableGetsAnIndexOnTheParentOnlyThenOneConcurrentlyPerLeafAllAttached() {
        tables.put("workflow_events", events());
        IndexSpec spec = index("idx_events_type", "workflow_events", column("event_type"));
        assertThat(statements(plan(spec))).containsExactly(
                "CREATE INDEX \"idx_events_type_wfdb_new\" ON ONLY \"public\".\"workflow_events\" USING btree (\"event_type\")",
                "COMMENT ON INDEX \"public\".\"idx_events_type_wfdb_new\" IS '" + marker(spec).render() + "'",
                "CREATE INDEX CONCURRENTLY \"idx_events_type_wfdb_new_events_1\" ON \"public\".\"events_1\" USING btree (\"event_type\")",
                "COMMENT ON INDEX \"public\".\"idx_events_type_wfdb_new_events_1\" IS '" + marker(spec).render() + "'",
                "CREATE INDEX \"idx_events_type_wfdb_new_events_2\" ON ONLY \"public\".\"events_2\" USING btree (\"event_type\")",
                "COMMENT ON INDEX \"public\".\"idx_events_type_wfdb_new_events_2\" IS '" + marker(spec).render() + "'",
                "CREATE INDEX CONCURRENTLY \"idx_events_type_wfdb_new_events_2a\" ON \"public\".\"events_2a\" USING btree (\"event_type\")",
                "COMMENT ON INDEX \"public\".\"idx_events_type_wfdb_new_events_2a\" IS '" + marker(spec).render() + "'",
                "ALTER INDEX \"public\".\"idx_events_type_wfdb_new_events_2\" ATTACH PARTITION \"public\".\"idx_events_type_wfdb_new_events_2a\"",
                "ALTER INDEX \"public\".\"idx_events_type_wfdb_new\" ATTACH PARTITION \"public\".\"idx_events_type_wfdb_new_events_2\"",
                "ALTER INDEX \"public\".\"idx_events_type_wfdb_new\" ATTACH PARTITION \"public\".\"idx_events_type_wfdb_new_events_1\"",
                "BEGIN",
                "ALTER INDEX \"public\".\"idx_events_type_wfdb_new\" RENAME TO \"idx_events_type\"",
                "ALTER INDEX \"public\".\"idx_events_type_wfdb_new_events_1\" RENAME TO \"idx_events_type_events_1\"",
                "ALTER INDEX \"public\".\"idx_events_type_wfdb_new_events_2\" RENAME TO \"idx_events_type_events_2\"",
                "ALTER INDEX \"public\".\"idx_events_type_wfdb_new_events_2a\" RENAME TO \"idx_events_type_events_2a\"",
                "COMMIT");
    }

    @Test
    void aPartitionedIndexIsSwappedWithItsChildrenAndTheOldTreeDroppedWithoutConcurrently() {
        tables.put("workflow_events", new ObservedTable(name("workflow_events"), true,
                List.of(new Partition(name("events_1"), name("workflow_events"), false))));
        IndexSpec old = index("idx_events_type", "workflow_events", column("event_type"));
        indexes.add(new ObservedIndex(name("idx_events_type"), name("workflow_events"), true, true, marker(old).render(), null));
        indexes.add(new ObservedIndex(name("idx_events_type_events_1"), name("events_1"), true, false, marker(old).render(),
                name("idx_events_type")));
        indexes.add(new ObservedIndex(name("events_1_event_type_idx"), name("events_1"), true, false, null,
                name("idx_events_type")));

        List<String> statements = statements(plan(index("idx_events_type", "workflow_events", desc("event_type"))));
        assertThat(statements.subList(statements.indexOf("BEGIN"), statements.size())).containsExactly(
                "BEGIN",
                "ALTER INDEX \"public\".\"idx_events_type\" RENAME TO \"idx_events_type_wfdb_old\"",
                "ALTER INDEX \"public\".\"idx_events_type_events_1\" RENAME TO \"idx_events_type_wfdb_old_events_1\"",
                "ALTER INDEX \"public\".\"idx_events_type_wfdb_new\" RENAME TO \"idx_events_type\"",
                "ALTER INDEX \"public\".\"idx_events_type_wfdb_new_events_1\" RENAME TO \"idx_events_type_events_1\"",
                "COMMIT",
                "DROP INDEX \"public\".\"idx_events_type_wfdb_old\"");
    }

    @Test
    void attachedPartitionIndexesAreNeverDroppedOnTheirOwn() {
        tables.put("workflow_events", events());
        IndexSpec spec = index("idx_events_type", "workflow_events", column("event_type"));
        indexes.add(new ObservedIndex(name("idx_gone"), name("workflow_events"), true, true, marker(spec).render(), null));
        indexes.add(new ObservedIndex(name("idx_gone_events_1"), name("events_1"), true, false, marker(spec).render(),
                name("idx_gone")));
        assertThat(statements(plan())).containsExactly("DROP INDEX \"public\".\"idx_gone\"");
    }

    @Test
    void aPartitionedLeftoverIsDroppedWithWhatIsAttachedAndStrayChildrenOneByOne() {
        tables.put("workflow_events", events());
        IndexSpec spec = index("idx_events_type", "workflow_events", column("event_type"));
        String mark = marker(spec).render();
        indexes.add(new ObservedIndex(name("idx_events_type_wfdb_new"), name("workflow_events"), false, true, mark, null));
        indexes.add(new ObservedIndex(name("idx_events_type_wfdb_new_events_1"), name("events_1"), true, false, mark,
                name("idx_events_type_wfdb_new")));
        indexes.add(new ObservedIndex(name("idx_events_type_wfdb_new_events_2a"), name("events_2a"), false, false, null, null));

        List<String> statements = statements(plan(spec));

        assertThat(statements.subList(0, 3)).containsExactly(
                "DROP INDEX \"public\".\"idx_events_type_wfdb_new\"",
                "DROP INDEX CONCURRENTLY \"public\".\"idx_events_type_wfdb_new_events_2a\"",
                "CREATE INDEX \"idx_events_type_wfdb_new\" ON ONLY \"public\".\"workflow_events\" USING btree (\"event_type\")");
    }

    @Test
    void anInvalidPartitionedIndexIsDroppedWithoutConcurrently() {
        tables.put("workflow_events", events());
        IndexSpec spec = index("idx_events_type", "workflow_events", column("event_type"));
        indexes.add(new ObservedIndex(name("idx_events_type"), name("workflow_events"), false, true, marker(spec).render(), null));
        Run run = (Run) single(plan(spec));
        assertThat(run.reason()).isEqualTo(Reason.REPAIR_INVALID);
        assertThat(statements(List.of(run)).get(0)).isEqualTo("DROP INDEX \"public\".\"idx_events_type\"");
    }

    @Test
    void aSchemaQualifiedTableKeepsItsIndexesInItsSchema() {
        tables.put("audit.events", new ObservedTable(new QualifiedName("audit", "events"), false, List.of()));
        assertThat(statements(plan(index("idx_audit_kind", "audit.events", column("kind"))))).containsExactly(
                "CREATE INDEX CONCURRENTLY \"idx_audit_kind_wfdb_new\" ON \"audit\".\"events\" USING btree (\"kind\")",
                "COMMENT ON INDEX \"audit\".\"idx_audit_kind_wfdb_new\" IS '"
                        + marker(index("idx_audit_kind", "audit.events", column("kind"))).render() + "'",
                "ALTER INDEX \"audit\".\"idx_audit_kind_wfdb_new\" RENAME TO \"idx_audit_kind\"");
    }

    private ObservedTable events() {
        return new ObservedTable(name("workflow_events"), true, List.of(
                new Partition(name("events_1"), name("workflow_events"), false),
                new Partition(name("events_2"), name("workflow_events"), true),
                new Partition(name("events_2a"), name("events_2"), false)));
    }

    private List<IndexAction> plan(IndexSpec... specs) {
        return IndexPlanner.plan(List.of(specs), snapshot(), NOW);
    }

    private IndexSnapshot snapshot() {
        return new IndexSnapshot(tables, indexes);
    }

    private static IndexAction single(List<IndexAction> actions) {
        assertThat(actions).hasSize(1);
        return actions.get(0);
    }

    private static List<String> statements(List<IndexAction> actions) {
        return actions.stream().map(Run.class::cast).flatMap(run -> run.steps().stream())
                .flatMap(step -> step.script().stream()).toList();
    }

    private static ObservedIndex owned(String index, IndexSpec builtFrom, boolean valid) {
        return new ObservedIndex(name(index), name(builtFrom.table), valid, false, marker(builtFrom).render(), null);
    }

    private static OwnershipMarker marker(IndexSpec spec) {
        return IndexDefinition.of(spec, NOW).marker();
    }

    private static QualifiedName name(String name) {
        return new QualifiedName("public", name);
    }
}
