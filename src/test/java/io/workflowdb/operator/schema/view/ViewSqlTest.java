package io.workflowdb.operator.schema.view;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.workflowdb.operator.schema.view.ViewAction.AddUniqueIndex;
import io.workflowdb.operator.schema.view.ViewAction.Create;
import io.workflowdb.operator.schema.view.ViewAction.DropUndeclared;
import io.workflowdb.operator.schema.view.ViewAction.Leftover;
import io.workflowdb.operator.schema.view.ViewAction.Rebuild;
import io.workflowdb.operator.schema.view.ViewAction.Refresh;
import io.workflowdb.operator.schema.view.ViewAction.Refuse;

class ViewSqlTest {

    private static final ViewNames N = ViewNames.of("daily", "public");
    private static final String MARKER = ViewMarker.of("0".repeat(64));
    private static final List<String> KEY = List.of("date", "project_id");

    @Test
    void createBuildsViewIndexAndMarkerInOneTransaction() {
        assertThat(ViewSql.batches(new Create(N, "  SELECT 1 AS date, 2 AS project_id\n", KEY, MARKER)))
                .containsExactly(SqlBatch.transaction(List.of(
                        "CREATE MATERIALIZED VIEW \"public\".\"daily\" AS\nSELECT 1 AS date, 2 AS project_id\nWITH DATA",
                        "CREATE UNIQUE INDEX \"daily_ukey\" ON \"public\".\"daily\" (\"date\", \"project_id\")",
                        "COMMENT ON MATERIALIZED VIEW \"public\".\"daily\" IS '" + MARKER + "'")));
    }

    @Test
    void createWithoutKeyHasNoIndex() {
        assertThat(ViewSql.batches(new Create(N, "SELECT 1 AS n", List.of(), MARKER)).get(0).statements())
                .noneMatch(s -> s.contains("INDEX"));
    }

    @Test
    void refreshRunsInAutocommit() {
        assertThat(ViewSql.batches(new Refresh(N, true)))
                .containsExactly(SqlBatch.autocommit("REFRESH MATERIALIZED VIEW CONCURRENTLY \"public\".\"daily\""));
        assertThat(ViewSql.batches(new Refresh(N, false)))
                .containsExactly(SqlBatch.autocommit("REFRESH MATERIALIZED VIEW \"public\".\"daily\""));
    }

    @Test
    void addUniqueIndex() {
        assertThat(ViewSql.batches(new AddUniqueIndex(N, KEY))).containsExactly(
                SqlBatch.autocommit("CREATE UNIQUE INDEX \"daily_ukey\" ON \"public\".\"daily\" (\"date\", \"project_id\")"));
    }

    @Test
    void rebuildBuildsUnderTheTemporaryNameThenSwapsInOneTransaction() {
        assertThat(ViewSql.batches(new Rebuild(N, "SELECT 1 AS date, 2 AS project_id", KEY, MARKER, Leftover.NONE)))
                .containsExactly(
                        SqlBatch.transaction(List.of(
                                "CREATE MATERIALIZED VIEW \"public\".\"daily_next\" AS\nSELECT 1 AS date, 2 AS project_id\nWITH DATA",
                                "CREATE UNIQUE INDEX \"daily_next_ukey\" ON \"public\".\"daily_next\" (\"date\", \"project_id\")",
                                "COMMENT ON MATERIALIZED VIEW \"public\".\"daily_next\" IS '" + MARKER + "'")),
                        SqlBatch.transaction(List.of(
                                "DROP MATERIALIZED VIEW \"public\".\"daily\"",
                                "ALTER MATERIALIZED VIEW \"public\".\"daily_next\" RENAME TO \"daily\"",
                                "ALTER INDEX \"public\".\"daily_next_ukey\" RENAME TO \"daily_ukey\"")));
    }

    @Test
    void rebuildDiscardsOrReusesALeftover() {
        List<SqlBatch> discard = ViewSql.batches(new Rebuild(N, "SELECT 1 AS n", List.of(), MARKER, Leftover.DISCARD));
        assertThat(discard).hasSize(2);
        assertThat(discard.get(0).statements().get(0)).isEqualTo("DROP MATERIALIZED VIEW \"public\".\"daily_next\"");
        assertThat(discard.get(1).statements()).as("no unique key, no index to rename").containsExactly(
                "DROP MATERIALIZED VIEW \"public\".\"daily\"",
                "ALTER MATERIALIZED VIEW \"public\".\"daily_next\" RENAME TO \"daily\"");

        List<SqlBatch> reuse = ViewSql.batches(new Rebuild(N, "SELECT 1 AS n", List.of(), MARKER, Leftover.REUSE));
        assertThat(reuse).singleElement().satisfies(b -> assertThat(b.statements().get(0)).startsWith("DROP MATERIALIZED VIEW \"public\".\"daily\""));
    }

    @Test
    void dropNeverCascades() {
        assertThat(ViewSql.batches(new DropUndeclared("public", "old")))
                .containsExactly(SqlBatch.autocommit("DROP MATERIALIZED VIEW \"public\".\"old\""));
    }

    @Test
    void scriptWrapsTransactionsAndSetsTheSession() {
        assertThat(ViewSql.script(List.of(new Refuse("x", "no"), new Refresh(N, true), new Create(N, "SELECT 1 AS n", List.of(), MARKER))))
                .containsExactly(
                        "SET lock_timeout = '200ms'",
                        "SET statement_timeout = '30min'",
                        "REFRESH MATERIALIZED VIEW CONCURRENTLY \"public\".\"daily\"",
                        "BEGIN",
                        "CREATE MATERIALIZED VIEW \"public\".\"daily\" AS\nSELECT 1 AS n\nWITH DATA",
                        "COMMENT ON MATERIALIZED VIEW \"public\".\"daily\" IS '" + MARKER + "'",
                        "COMMIT",
                        "RESET statement_timeout",
                        "RESET lock_timeout");
    }

    @Test
    void nothingToDoIsAnEmptyScript() {
        assertThat(ViewSql.script(List.of())).isEmpty();
        assertThat(ViewSql.script(List.of(new Refuse("x", "no")))).isEmpty();
    }
}
