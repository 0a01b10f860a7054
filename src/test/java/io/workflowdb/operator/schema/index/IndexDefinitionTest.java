package io.workflowdb.operator.schema.index;

import static io.workflowdb.operator.schema.index.IndexSpecs.column;
import static io.workflowdb.operator.schema.index.IndexSpecs.desc;
import static io.workflowdb.operator.schema.index.IndexSpecs.expression;
import static io.workflowdb.operator.schema.index.IndexSpecs.gin;
import static io.workflowdb.operator.schema.index.IndexSpecs.include;
import static io.workflowdb.operator.schema.index.IndexSpecs.index;
import static io.workflowdb.operator.schema.index.IndexSpecs.opclass;
import static io.workflowdb.operator.schema.index.IndexSpecs.storage;
import static io.workflowdb.operator.schema.index.IndexSpecs.unique;
import static io.workflowdb.operator.schema.index.IndexSpecs.where;
import static io.workflowdb.operator.schema.index.IndexSpecs.window;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.workflowdb.operator.api.v1alpha1.IndexColumn;
import io.workflowdb.operator.api.v1alpha1.IndexSpec;
import io.workflowdb.operator.schema.index.IndexDefinition.Target;

class IndexDefinitionTest {

    private static final Instant NOW = Instant.parse("2024-01-15T10:20:30.456Z");

    private static String create(IndexSpec spec, Target target) {
        return IndexDefinition.of(spec, NOW).create(spec.name + "_wfdb_new", "\"public\".\"tasks\"", target);
    }

    @Test
    void rendersAPartialCompositeIndexWithDescendingKeys() {
        IndexSpec spec = where(index("idx_tasks_active_priority", "tasks", desc("priority"), desc("created_at")),
                "status IN ('pending', 'in_progress', 'validation')");
        assertThat(create(spec, Target.CONCURRENTLY)).isEqualTo("CREATE INDEX CONCURRENTLY \"idx_tasks_active_priority_wfdb_new\""
                + " ON \"public\".\"tasks\" USING btree (\"priority\" DESC, \"created_at\" DESC)"
                + " WHERE (status IN ('pending', 'in_progress', 'validation'))");
    }

    @Test
    void rendersExpressionsOpclassesCoveringColumnsAndStorageParameters() {
        IndexSpec jsonb = gin("idx_tasks_requirements", "tasks",
                expression("(requirements->'type')"), opclass(expression("requirements"), "jsonb_path_ops"));
        assertThat(create(storage(jsonb, Map.of("fastupdate", "off", "gin_pending_list_limit", "512")), Target.CONCURRENTLY))
                .endsWith("USING gin (((requirements->'type')), (requirements) \"jsonb_path_ops\")"
                        + " WITH (fastupdate = 'off', gin_pending_list_limit = '512')");
        IndexSpec covering = unique(include(index("idx_tasks_covering", "tasks", column("project_id"), column("status")),
                "title", "priority"));
        assertThat(create(covering, Target.CONCURRENTLY)).startsWith("CREATE UNIQUE INDEX CONCURRENTLY ")
                .endsWith("USING btree (\"project_id\", \"status\") INCLUDE (\"title\", \"priority\")");
    }

    @Test
    void writesNullsOnlyWhereTheyDifferFromTheDefault() {
        IndexColumn ascNullsFirst = column("a");
        ascNullsFirst.nulls = IndexColumn.Nulls.FIRST;
        IndexColumn descNullsLast = desc("b");
        descNullsLast.nulls = IndexColumn.Nulls.LAST;
        IndexColumn descNullsFirst = desc("c");
        descNullsFirst.nulls = IndexColumn.Nulls.FIRST;
        assertThat(create(index("i", "tasks", ascNullsFirst, descNullsLast, descNullsFirst), Target.CONCURRENTLY))
                .endsWith("(\"a\" NULLS FIRST, \"b\" DESC NULLS LAST, \"c\" DESC)");
    }

    @Test
    void rendersEachTarget() {
        IndexSpec spec = index("idx_events_type", "workflow_events", column("event_type"));
        assertThat(create(spec, Target.PARENT_ONLY)).startsWith("CREATE INDEX \"idx_events_type_wfdb_new\" ON ONLY \"public\"");
        assertThat(create(spec, Target.EMPTY_PARENT)).startsWith("CREATE INDEX \"idx_events_type_wfdb_new\" ON \"public\"");
    }

    @Test
    void writesTheRollingWindowCutoffAsALiteralTruncatedToTheSecond() {
        IndexSpec spec = where(window(index("idx_recent", "task_executions", column("agent_type")), "completed_at", "7d", null),
                "execution_status = 'failed'");
        IndexDefinition definition = IndexDefinition.of(spec, NOW);
        assertThat(definition.create("x", "t", Target.CONCURRENTLY))
                .endsWith(" WHERE (execution_status = 'failed') AND \"completed_at\" >= '2024-01-08 10:20:30+00'");
        assertThat(definition.marker().cutoff()).isEqualTo("2024-01-08T10:20:30Z");
        assertThat(definition.marker().built()).isEqualTo("2024-01-15T10:20:30Z");
    }

    @Test
    void theDefinitionHashIgnoresTheCutoffAndSpellingsOfDefaults() {
        IndexSpec windowed = window(index("i", "t", column("a")), "created_at", "7d", "0 3 * * *");
        assertThat(IndexDefinition.of(windowed, NOW).marker().definitionHash())
                .isEqualTo(IndexDefinition.of(windowed, NOW.plusSeconds(86_400)).marker().definitionHash());

        IndexColumn explicitAsc = column("a");
        explicitAsc.order = IndexColumn.Order.ASC;
        explicitAsc.nulls = IndexColumn.Nulls.LAST;
        IndexSpec btree = index("i", "t", explicitAsc);
        btree.method = IndexSpec.Method.BTREE;
        btree.unique = false;
        assertThat(hash(btree)).isEqualTo(hash(index("i", "t", column("a"))));
    }

    @Test
    void theDefinitionHashChangesWithTheDefinition() {
        String base = hash(index("i", "t", column("a")));
        assertThat(hash(index("i", "t", desc("a")))).isNotEqualTo(base);
        assertThat(hash(index("i", "t", column("a"), column("b")))).isNotEqualTo(base);
        assertThat(hash(where(index("i", "t", column("a")), "a > 0"))).isNotEqualTo(base);
        assertThat(hash(unique(index("i", "t", column("a"))))).isNotEqualTo(base);
        assertThat(hash(index("i", "other", column("a")))).isNotEqualTo(base);
        assertThat(hash(window(index("i", "t", column("a")), "c", "7d", null)))
                .isNotEqualTo(hash(window(index("i", "t", column("a")), "c", "8d", null)));
    }

    @Test
    void refusesFragmentsThatCouldEndOrHideAStatement() {
        assertThatThrownBy(() -> IndexDefinition.of(index("i", "t", expression("(a); DROP TABLE t")), NOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("';'");
        assertThatThrownBy(() -> IndexDefinition.of(where(index("i", "t", column("a")), "a > 0 -- x"), NOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'--'");
        assertThatThrownBy(() -> IndexDefinition.of(where(index("i", "t", column("a")), "a > now()"), NOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not immutable");
        assertThatThrownBy(() -> IndexDefinition.of(storage(index("i", "t", column("a")), Map.of("fillfactor", "90')")), NOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("storage parameter");
        IndexColumn both = column("a");
        both.expression = "(b)";
        assertThatThrownBy(() -> IndexDefinition.of(index("i", "t", both), NOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exactly one");
    }

    @Test
    void aRollingWindowIsDueOnceItsScheduleFiresAfterTheLastBuild() {
        IndexSpec spec = window(index("i", "t", column("a")), "created_at", "7d", "0 3 * * *");
        OwnershipMarker builtAtFour = IndexDefinition.of(spec, Instant.parse("2024-01-15T04:00:00Z")).marker();
        assertThat(IndexDefinition.of(spec, Instant.parse("2024-01-16T02:59:59Z")).needsRebuild(builtAtFour, Instant.parse("2024-01-16T02:59:59Z")))
                .isFalse();
        assertThat(IndexDefinition.of(spec, Instant.parse("2024-01-16T03:00:00Z")).needsRebuild(builtAtFour, Instant.parse("2024-01-16T03:00:00Z")))
                .isTrue();
    }

    private static String hash(IndexSpec spec) {
        return IndexDefinition.of(spec, NOW).marker().definitionHash();
    }
}
