package io.workflowdb.operator.retention.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.workflowdb.operator.api.v1alpha1.RetentionPolicySpec;
import io.workflowdb.operator.api.v1alpha1.WhereFilter;
import io.workflowdb.operator.retention.model.Column;
import io.workflowdb.operator.retention.model.TableShape;

class RetentionStatementsTest {

    static final Instant CUTOFF = Instant.parse("2026-08-26T02:00:00Z");

    static final TableShape EVENTS = new TableShape("audit", "Event\"Log", List.of(
            new Column("id", "bigint", true, true, "", false),
            new Column("occurred_at", "timestamp without time zone", true, false, "", false),
            new Column("kind", "character varying(20)", false, false, "", false),
            new Column("payload", "jsonb", false, false, "", false)), List.of("id", "occurred_at"));

    static final TableShape ARCHIVE = new TableShape("cold", "event_log", EVENTS.columns(), EVENTS.primaryKey());

    static RetentionPolicySpec spec(WhereFilter... filters) {
        RetentionPolicySpec spec = new RetentionPolicySpec();
        spec.timestampColumn = "occurred_at";
        spec.where = List.of(filters);
        return spec;
    }

    static WhereFilter filter(String column, WhereFilter.Operator operator, String... values) {
        WhereFilter f = new WhereFilter();
        f.column = column;
        f.operator = operator;
        f.values = List.of(values);
        return f;
    }

    @Test
    void valuesAreBoundAndCastToTheColumnTypeNeverWrittenIntoTheText() {
        BoundStatement count = RetentionStatements.count(EVENTS, spec(
                filter("kind", WhereFilter.Operator.In, "a'; DROP TABLE x; --", "b"),
                filter("kind", WhereFilter.Operator.NotEquals, "c")), CUTOFF);

        assertThat(count.sql()).isEqualTo("SELECT count(*) FROM \"audit\".\"Event\"\"Log\" WHERE \"occurred_at\" <"
                + " (CAST(? AS timestamp with time zone) AT TIME ZONE 'UTC')"
                + " AND \"kind\" IN (CAST(? AS character varying(20)), CAST(? AS character varying(20)))"
                + " AND \"kind\" <> CAST(? AS character varying(20))");
        assertThat(count.parameters()).containsExactly("2026-08-26T02:00:00Z", "a'; DROP TABLE x; --", "b", "c");
        assertThat(count.sql()).doesNotContain("DROP");
    }

    @Test
    void aTimestamptzColumnIsComparedWithTheInstantItself() {
        TableShape tasks = new TableShape("public", "tasks", List.of(new Column("id", "bigint", true, false, "d", false),
                new Column("completed_at", "timestamp(3) with time zone", false, false, "", false)), List.of("id"));
        RetentionPolicySpec spec = new RetentionPolicySpec();
        spec.timestampColumn = "completed_at";

        assertThat(RetentionStatements.count(tasks, spec, CUTOFF).sql())
                .endsWith("WHERE \"completed_at\" < CAST(? AS timestamp with time zone)");
    }

    @Test
    void aBatchLocksInKeyOrderContinuesAfterTheLastKeyAndArchivesWithAnExplicitColumnList() {
        BoundStatement batch = RetentionStatements.batch(EVENTS, ARCHIVE, spec(filter("kind", WhereFilter.Operator.Equals, "x")),
                CUTOFF, 500, List.of("41", "2026-01-01 00:00:00"));

        assertThat(batch.sql())
                .contains("AND (\"id\", \"occurred_at\") > (CAST(? AS bigint), CAST(? AS timestamp without time zone))")
                .contains("ORDER BY \"id\", \"occurred_at\" LIMIT ? FOR UPDATE SKIP LOCKED")
                .contains("DELETE FROM \"audit\".\"Event\"\"Log\" AS s USING batch AS b WHERE s.\"id\" = b.\"id\""
                        + " AND s.\"occurred_at\" = b.\"occurred_at\"")
                .contains("RETURNING s.\"id\", s.\"occurred_at\", s.\"kind\", s.\"payload\")")
                .contains("INSERT INTO \"cold\".\"event_log\" (\"id\", \"occurred_at\", \"kind\", \"payload\")"
                        + " SELECT \"id\", \"occurred_at\", \"kind\", \"payload\" FROM moved");
        assertThat(batch.parameters()).containsExactly("2026-08-26T02:00:00Z", "x", "41", "2026-01-01 00:00:00", 500);
    }

    @Test
    void theFirstBatchHasNoKeyBoundAndADeleteArchivesNothing() {
        BoundStatement batch = RetentionStatements.batch(EVENTS, null, spec(), CUTOFF, 10, null);

        assertThat(batch.sql()).doesNotContain(") > (").doesNotContain("INSERT").contains("RETURNING 1)")
                .contains("(SELECT count(*) FROM moved)");
        assertThat(batch.parameters()).containsExactly("2026-08-26T02:00:00Z", 10);
    }

    @Test
    void theArchiveIsCreatedLikeTheSourceWithItsPrimaryKey() {
        assertThat(RetentionStatements.createArchive(EVENTS, "\"cold\".\"event_log\"")).containsExactly(
                "CREATE TABLE \"cold\".\"event_log\" (LIKE \"audit\".\"Event\"\"Log\")",
                "ALTER TABLE \"cold\".\"event_log\" ADD PRIMARY KEY (\"id\", \"occurred_at\")");
    }
}
