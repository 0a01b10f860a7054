package io.workflowdb.operator.partition.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Function;

import javax.sql.DataSource;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.workflowdb.operator.api.v1alpha1.PartitionPolicySpec;
import io.workflowdb.operator.partition.convert.OnlineConversion.Result;
import io.workflowdb.operator.testing.DebianPostgres;
import io.workflowdb.operator.testing.Sql;
import io.workflowdb.operator.testing.TestPostgres;

/** What a table carries besides its rows survives the swap, on PostgreSQL 17 and 15. */
class CarriedObjectsTest {

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = { 17, 15 })
    void grantsOwnerTriggersForeignKeysRowSecurityPublicationsAndCommentsSurvive(int server) throws Exception {
        Function<String, DataSource> databases = server == 15 ? DebianPostgres::freshDatabase : TestPostgres::freshDatabase;
        DataSource db = databases.apply("conv_carried");
        String suffix = Long.toString(System.nanoTime() % 1_000_000_000L);
        String reader = "conv_reader_" + suffix;
        String owner = "conv_owner_" + suffix;
        Sql.execute(db, "CREATE ROLE " + reader, "CREATE ROLE " + owner,
                "CREATE TABLE projects (id int PRIMARY KEY)",
                "INSERT INTO projects SELECT g FROM generate_series(1, 10) g",
                """
                CREATE TABLE runs (
                    id bigserial PRIMARY KEY,
                    at timestamptz NOT NULL,
                    project_id int NOT NULL REFERENCES projects (id),
                    note text,
                    CONSTRAINT runs_note_short CHECK (length(note) < 100))""",
                "CREATE INDEX runs_project_idx ON runs (project_id)",
                "COMMENT ON INDEX runs_project_idx IS 'workflowdb-managed marker'",
                "COMMENT ON COLUMN runs.note IS 'free text'",
                "INSERT INTO runs (at, project_id) SELECT now() - g * interval '1 day', 1 + g % 10 FROM generate_series(1, 500) g",
                "CREATE FUNCTION runs_default_note() RETURNS trigger LANGUAGE plpgsql AS"
                        + " $$ BEGIN NEW.note := coalesce(NEW.note, 'from trigger'); RETURN NEW; END $$",
                "CREATE TRIGGER runs_note BEFORE INSERT ON runs FOR EACH ROW EXECUTE FUNCTION runs_default_note()",
                "CREATE TRIGGER runs_off BEFORE INSERT ON runs FOR EACH ROW EXECUTE FUNCTION runs_default_note()",
                "ALTER TABLE runs DISABLE TRIGGER runs_off",
                "ALTER TABLE runs ENABLE ROW LEVEL SECURITY",
                "CREATE POLICY runs_low ON runs FOR SELECT TO " + reader + " USING (project_id < 5)",
                "GRANT SELECT ON runs TO " + reader,
                "GRANT UPDATE (note) ON runs TO " + reader,
                "CREATE PUBLICATION runs_pub_" + suffix + " FOR TABLE runs",
                "ALTER TABLE runs OWNER TO " + owner,
                "ANALYZE runs");
        PartitionPolicySpec spec = ConversionFixtures.monthly("runs", "at");
        spec.conversion.extendPrimaryKey = true;

        var reports = ConversionFixtures.untilEnd(db, spec);
        assertThat(reports).as(reports.toString()).last().extracting(OnlineConversion.Report::result)
                .isEqualTo(Result.DONE);

        assertThat(Sql.strings(db, "SELECT relkind::text || ' ' || pg_get_userbyid(relowner) FROM pg_class WHERE oid = 'runs'::regclass"))
                .containsExactly("p " + owner);
        assertThat(Sql.strings(db, "SELECT has_table_privilege('" + reader + "', 'runs', 'SELECT')::text || ' '"
                + " || has_column_privilege('" + reader + "', 'runs', 'note', 'UPDATE')::text || ' '"
                + " || has_table_privilege('" + reader + "', 'runs', 'INSERT')::text")).containsExactly("true true false");
        assertThat(Sql.strings(db, "SELECT relrowsecurity::text FROM pg_class WHERE oid = 'runs'::regclass"))
                .containsExactly("true");
        assertThat(Sql.strings(db, "SELECT policyname || ' ' || qual FROM pg_policies WHERE tablename = 'runs'"))
                .containsExactly("runs_low (project_id < 5)");
        assertThat(Sql.strings(db, "SELECT pubname::text FROM pg_publication_rel pr JOIN pg_publication p ON p.oid = pr.prpubid"
                + " WHERE prrelid = 'runs'::regclass")).containsExactly("runs_pub_" + suffix);
        assertThat(Sql.strings(db, "SELECT tgname || ' ' || tgenabled::text FROM pg_trigger WHERE tgrelid = 'runs'::regclass"
                + " AND NOT tgisinternal ORDER BY 1")).containsExactly("runs_note O", "runs_off D");
        assertThat(Sql.strings(db, "SELECT conname::text FROM pg_constraint WHERE conrelid = 'runs'::regclass ORDER BY 1"))
                .containsExactly("runs_note_short", "runs_pkey", "runs_project_id_fkey");
        assertThat(Sql.strings(db, "SELECT col_description('runs'::regclass, 3 + 1)")).containsExactly("free text");
        assertThat(Sql.strings(db, "SELECT obj_description('runs_project_idx'::regclass, 'pg_class')"))
                .containsExactly("workflowdb-managed marker");

        Sql.execute(db, "INSERT INTO runs (at, project_id) VALUES (now(), 3)");
        assertThat(Sql.strings(db, "SELECT note FROM runs ORDER BY id DESC LIMIT 1")).containsExactly("from trigger");
        assertThat(Sql.count(db, "SELECT max(id) FROM runs")).as("the serial sequence goes on").isEqualTo(501);
        assertThatThrownBy(() -> Sql.execute(db, "INSERT INTO runs (at, project_id) VALUES (now(), 99)"))
                .hasMessageContaining("runs_project_id_fkey");
        assertThatThrownBy(() -> Sql.execute(db, "INSERT INTO runs (at, project_id, note) VALUES (now(), 1, repeat('x', 200))"))
                .hasMessageContaining("runs_note_short");
        Sql.execute(db, "DROP TABLE runs_wfdb_unpartitioned");
        Sql.execute(db, "INSERT INTO runs (at, project_id) VALUES (now(), 3)");
        assertThat(Sql.count(db, "SELECT max(id) FROM runs")).as("the sequence outlives the original (the two refused inserts took 502 and 503)").isEqualTo(504);
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = { 17 })
    void rangeWithHashSubpartitions(int server) throws Exception {
        DataSource db = TestPostgres.freshDatabase("conv_sub");
        ConversionFixtures.events(db, 3_000);
        PartitionPolicySpec spec = ConversionFixtures.monthly("workflow_events", "occurred_at");
        spec.conversion.extendPrimaryKey = true;
        spec.subpartition = new PartitionPolicySpec.SubpartitionSpec();
        spec.subpartition.hash = new PartitionPolicySpec.SubpartitionHash();
        spec.subpartition.hash.column = "id";
        spec.subpartition.hash.modulus = 4;

        assertThat(ConversionFixtures.untilEnd(db, spec)).last().extracting(OnlineConversion.Report::result)
                .isEqualTo(Result.DONE);

        assertThat(Sql.count(db, "SELECT count(*) FROM workflow_events")).isEqualTo(3_000);
        assertThat(Sql.count(db, "SELECT count(*) FROM pg_partition_tree('workflow_events') WHERE level = 2"))
                .as("four hash leaves under each month").isEqualTo(4 * Sql.count(db,
                        "SELECT count(*) FROM pg_partition_tree('workflow_events') WHERE level = 1 AND NOT isleaf"));
        assertThat(Sql.count(db, "SELECT count(*) FROM ONLY workflow_events_default")).isZero();
    }
}
