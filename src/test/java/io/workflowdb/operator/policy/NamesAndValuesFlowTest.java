package io.workflowdb.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.quarkus.test.junit.QuarkusTest;
import io.workflowdb.operator.api.v1alpha1.Condition;
import io.workflowdb.operator.api.v1alpha1.LocalObjectReference;
import io.workflowdb.operator.api.v1alpha1.PartitionPolicy;
import io.workflowdb.operator.api.v1alpha1.PartitionPolicySpec;
import io.workflowdb.operator.api.v1alpha1.RetentionPolicy;
import io.workflowdb.operator.api.v1alpha1.RetentionPolicySpec;
import io.workflowdb.operator.api.v1alpha1.RunRecord.Outcome;
import io.workflowdb.operator.api.v1alpha1.WhereFilter;
import io.workflowdb.operator.status.StatusAggregator;
import io.workflowdb.operator.testing.FlowDatabases;
import io.workflowdb.operator.testing.FlowTestBase;
import io.workflowdb.operator.testing.FlowTestBase.Flow;
import io.workflowdb.operator.testing.Sql;
import io.workflowdb.operator.testing.TestPostgres;

/**
 * Valid specs at the edges of what identifiers and filter values may be, end to end through the
 * operator: reserved words as table and column names (quoted), filter values with quotes, backslashes
 * and SQL-looking text (bound as parameters), and a table name present in two schemas (an unqualified
 * name acts on the table the search path finds, a qualified one on that schema's).
 */
@QuarkusTest
@Flow(namespace = NamesAndValuesFlowTest.NS)
class NamesAndValuesFlowTest extends FlowTestBase {

    static final String NS = "names";
    static final String DATABASE = "names_and_values";
    static final List<String> ODD_USERS = List.of("o'brien", "back\\slash", "quote\"d", "semi;colon -- x", "dollar $$ 'x'");

    /** The database and its tables, made here rather than by the base: the rows go in before any test. */
    @BeforeAll
    static void database() throws Exception {
        FlowDatabases.createDatabase(DATABASE);
        sql("CREATE SCHEMA audit AUTHORIZATION " + TestPostgres.APP_USER,
                "CREATE TABLE \"order\" (id bigint PRIMARY KEY, \"user\" text NOT NULL, placed_at timestamptz NOT NULL)",
                "CREATE TABLE public.events (id bigint PRIMARY KEY, at timestamptz NOT NULL)",
                "CREATE TABLE audit.events (id bigint PRIMARY KEY, at timestamptz NOT NULL)",
                "CREATE TABLE \"group\" (id bigint NOT NULL, created_at timestamptz NOT NULL, PRIMARY KEY (id, created_at))"
                        + " PARTITION BY RANGE (created_at)",
                "CREATE TABLE public.logs (id bigint NOT NULL, at timestamptz NOT NULL, PRIMARY KEY (id, at)) PARTITION BY RANGE (at)",
                "CREATE TABLE audit.logs (id bigint NOT NULL, at timestamptz NOT NULL, PRIMARY KEY (id, at)) PARTITION BY RANGE (at)",
                // rows already waiting in a default partition, to be moved into the month the policy creates
                "CREATE TABLE \"group_default\" PARTITION OF \"group\" DEFAULT",
                "INSERT INTO \"group\" SELECT g, now() FROM generate_series(1, 7) g",
                "INSERT INTO public.events SELECT g, now() - interval '60 days' FROM generate_series(1, 3) g",
                "INSERT INTO audit.events SELECT g, now() - interval '60 days' FROM generate_series(1, 5) g");
        for (String table : List.of("\"order\"", "public.events", "audit.events", "\"group\"", "\"group_default\"",
                "public.logs", "audit.logs")) {
            sql("ALTER TABLE " + table + " OWNER TO " + TestPostgres.APP_USER);
        }
        try (Connection c = superuser().getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO \"order\" VALUES (?, ?, now() - make_interval(days => ?))")) {
            int id = 1;
            for (String user : ODD_USERS) {
                insert(ps, id++, user, 60);
            }
            insert(ps, id++, "plain", 60);
            insert(ps, id, "o'brien", 1);
        }
    }

    @Test
    void reservedWordsAndOddValuesAreQuotedAndBound() throws Exception {
        FlowDatabases.createExternal(client, NS, "names-db", DATABASE, null);
        RetentionPolicySpec spec = retention("order", "placed_at");
        WhereFilter filter = new WhereFilter();
        filter.column = "user";
        filter.operator = WhereFilter.Operator.In;
        filter.values = ODD_USERS;
        spec.where = List.of(filter);
        spec.action = RetentionPolicySpec.Action.ARCHIVE;
        spec.archive = new RetentionPolicySpec.ArchiveSpec();
        spec.archive.table = "user";
        create("archive-orders", spec);

        awaitSucceeded("archive-orders");
        assertThat(strings("SELECT \"user\" FROM \"user\" ORDER BY id")).as("archived, every value as written")
                .containsExactlyElementsOf(ODD_USERS);
        assertThat(strings("SELECT \"user\" || '/' || (placed_at > now() - interval '30 days') FROM \"order\" ORDER BY id"))
                .containsExactly("plain/false", "o'brien/true");
    }

    @Test
    void aTableInTwoSchemasIsTheQualifiedOneOrTheOneTheSearchPathFinds() throws Exception {
        FlowDatabases.createExternal(client, NS, "schemas-db", DATABASE, null);
        create("audit-events", retention("audit.events", "at"));
        awaitSucceeded("audit-events");
        assertThat(strings("SELECT (SELECT count(*) FROM audit.events) || '/' || (SELECT count(*) FROM public.events)"))
                .containsExactly("0/3");

        create("public-events", retention("events", "at"));
        awaitSucceeded("public-events");
        assertThat(strings("SELECT count(*)::text FROM public.events")).containsExactly("0");
    }

    @Test
    void partitionsOfAReservedWordAndOfOneSchemasTableAreNamedAndPlacedRight() throws Exception {
        FlowDatabases.createExternal(client, NS, "partitions-db", DATABASE, null);
        createPartitions("group-monthly", "group", "created_at");
        createPartitions("audit-logs-monthly", "audit.logs", "at");

        awaitCovered("group-monthly");
        awaitCovered("audit-logs-monthly");
        assertThat(strings(partitionsOf("public", "group"))).hasSize(3).contains("public.group_default")
                .allMatch(p -> p.startsWith("public.group_"));
        assertThat(strings(partitionsOf("audit", "logs"))).hasSize(3).contains("audit.logs_default")
                .allMatch(p -> p.startsWith("audit.logs_"));
        assertThat(strings(partitionsOf("public", "logs"))).as("the other schema's table is untouched").isEmpty();
        assertThat(strings("SELECT (SELECT count(*) FROM ONLY \"group_default\") || '/' || (SELECT count(*) FROM \"group\")"))
                .as("the waiting rows moved out of the default partition, none lost").containsExactly("0/7");

        createPartitions("logs-monthly", "logs", "at");
        awaitCovered("logs-monthly");
        assertThat(strings(partitionsOf("public", "logs"))).as("an unqualified name is the search path's table")
                .hasSize(3).allMatch(p -> p.startsWith("public.logs_"));
        assertThat(strings(partitionsOf("audit", "logs"))).hasSize(3);
    }

    private static String partitionsOf(String schema, String table) {
        return "SELECT cn.nspname || '.' || c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                + " JOIN pg_namespace cn ON cn.oid = c.relnamespace JOIN pg_class p ON p.oid = i.inhparent"
                + " JOIN pg_namespace pn ON pn.oid = p.relnamespace WHERE pn.nspname = '" + schema + "' AND p.relname = '"
                + table + "' ORDER BY 1";
    }

    private static RetentionPolicySpec retention(String table, String column) {
        RetentionPolicySpec spec = new RetentionPolicySpec();
        spec.databaseRef = new LocalObjectReference("placeholder");
        spec.table = table;
        spec.timestampColumn = column;
        spec.olderThan = "30d";
        spec.action = RetentionPolicySpec.Action.DELETE;
        return spec;
    }

    private void create(String name, RetentionPolicySpec spec) {
        spec.databaseRef = new LocalObjectReference(databaseFor(name));
        RetentionPolicy policy = new RetentionPolicy();
        policy.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
        policy.setSpec(spec);
        client.resource(policy).inNamespace(NS).create();
    }

    private void createPartitions(String name, String table, String column) {
        PartitionPolicySpec spec = new PartitionPolicySpec();
        spec.databaseRef = new LocalObjectReference("partitions-db");
        spec.table = table;
        spec.column = column;
        spec.range = new PartitionPolicySpec.RangeSpec();
        spec.range.interval = PartitionPolicySpec.RangeSpec.Interval.MONTH;
        spec.range.premake = 1;
        PartitionPolicy policy = new PartitionPolicy();
        policy.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
        policy.setSpec(spec);
        client.resource(policy).inNamespace(NS).create();
    }

    private static String databaseFor(String policy) {
        return policy.equals("archive-orders") ? "names-db" : "schemas-db";
    }

    private void awaitSucceeded(String name) {
        await().atMost(timeout).untilAsserted(() -> {
            RetentionPolicy p = resource(RetentionPolicy.class, name);
            assertThat(p.getStatus()).isNotNull();
            assertThat(p.getStatus().lastRun).as(name + " " + StatusAggregator.find(p.getStatus(), "Ready")).isNotNull();
            assertThat(p.getStatus().lastRun.outcome).as(p.getStatus().lastRun.message).isEqualTo(Outcome.Succeeded);
        });
    }

    private void awaitCovered(String name) {
        await().atMost(timeout).untilAsserted(() -> {
            PartitionPolicy p = resource(PartitionPolicy.class, name);
            Condition ready = p.getStatus() == null ? null : StatusAggregator.find(p.getStatus(), "Ready");
            assertThat(ready).isNotNull();
            assertThat(ready.reason).as(ready.message).isEqualTo("Covered");
        });
    }

    private static void insert(PreparedStatement ps, int id, String user, int daysAgo) throws Exception {
        ps.setInt(1, id);
        ps.setString(2, user);
        ps.setInt(3, daysAgo);
        ps.executeUpdate();
    }

    private static DataSource superuser() {
        return TestPostgres.superuser(DATABASE);
    }

    private static void sql(String... statements) {
        Sql.execute(superuser(), statements);
    }

    private static List<String> strings(String query) {
        return Sql.strings(superuser(), query);
    }
}
