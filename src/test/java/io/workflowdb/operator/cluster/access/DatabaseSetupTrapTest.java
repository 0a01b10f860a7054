package io.workflowdb.operator.cluster.access;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabaseSpec;
import io.workflowdb.operator.sql.ConnectionSettings;
import io.workflowdb.operator.sql.DatabasePools;
import io.workflowdb.operator.sql.SessionOptions;
import io.workflowdb.operator.testing.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The database belongs to the owner role, which may define functions and change the database's
 * defaults. The operator's set-up runs there as the superuser; nothing the owner planted may run.
 */
class DatabaseSetupTrapTest {

    private static final String OWNER_PASSWORD = "owner-Trap-Pa55";

    @Test
    void anOwnersFunctionNamedLikeACatalogOneNeverRunsAsSuperuser() throws SQLException {
        String database = "trap_search_path";
        String owner = "trap_search_path_owner";
        List<String> planted = new ArrayList<>(List.of("CREATE SCHEMA evil", "CREATE TABLE evil.ran (what text)"));
        for (String function : List.of("current_database", "current_user", "session_user", "now")) {
            String returns = function.equals("now") ? "timestamptz" : "name";
            planted.add("CREATE FUNCTION evil." + function + "() RETURNS " + returns + " LANGUAGE plpgsql AS $$"
                    + " BEGIN INSERT INTO evil.ran VALUES ('" + function + "');"
                    + " EXECUTE 'ALTER ROLE " + owner + " SUPERUSER';"
                    + " RETURN pg_catalog." + function + "(); END $$");
        }
        planted.add("ALTER DATABASE " + database + " SET search_path = evil, pg_catalog");
        createOwnedDatabase(database, owner, planted);

        DatabaseSetup.run(database(database, owner), credentials(), address());
        DatabaseSetup.run(database(database, owner), credentials(), address());

        try (Connection su = TestPostgres.superuser(database).getConnection(); Statement st = su.createStatement()) {
            assertThat(single(st, "SELECT rolsuper::text FROM pg_catalog.pg_roles WHERE rolname = '" + owner + "'"))
                    .as("the owner is still not a superuser").isEqualTo("false");
            assertThat(single(st, "SELECT pg_catalog.count(*)::text FROM evil.ran")).as("no function of the owner ran")
                    .isEqualTo("0");
            assertThat(single(st, "SELECT pg_catalog.count(*)::text FROM pg_catalog.pg_proc"
                    + " WHERE oid = 'pgbouncer.get_auth(text)'::pg_catalog.regprocedure")).as("the set-up did its work")
                    .isEqualTo("1");
        }
    }

    @Test
    void operatorConnectionsKeepStandardConformingStringsWhenTheOwnerTurnsThemOff() throws SQLException {
        String database = "trap_strings";
        String owner = "trap_strings_owner";
        createOwnedDatabase(database, owner,
                List.of("ALTER DATABASE " + database + " SET standard_conforming_strings = off",
                        "ALTER DATABASE " + database + " SET search_path = app, public"));

        try (Connection su = DatabaseSetup.connect(address(), database, credentials(), null); Statement st = su.createStatement()) {
            assertThat(single(st, "SHOW standard_conforming_strings")).isEqualTo("on");
            assertThat(single(st, "SHOW search_path")).isEqualTo(SessionOptions.PINNED_SEARCH_PATH);
            assertThat(single(st, "SELECT 'a\\'")).as("a backslash is a plain character").isEqualTo("a\\");
        }
        DatabaseSetup.run(database(database, owner), credentials(), address());

        DatabasePools pools = new DatabasePools();
        try {
            ConnectionSettings settings = new ConnectionSettings(List.of("127.0.0.1:" + TestPostgres.port()), database,
                    "disable", owner, OWNER_PASSWORD);
            try (Connection c = pools.get("apps/" + database, settings).getConnection(); Statement st = c.createStatement()) {
                assertThat(single(st, "SHOW standard_conforming_strings")).isEqualTo("on");
                assertThat(single(st, "SHOW search_path")).as("the owner's sessions keep the database's name resolution")
                        .isEqualTo("app, public");
                assertThat(single(st, "SELECT 'a\\'")).isEqualTo("a\\");
            }
        } finally {
            pools.close("apps/" + database);
        }
    }

    /**
     * With PgBouncer's auth_dbname the lookup function goes into the postgres database: no superuser
     * SQL runs inside the database its owner controls, and nothing of the pooler is left there.
     */
    @Test
    void withAnAuthDatabaseTheLookupStaysOutOfTheOwnersDatabase() throws SQLException {
        String database = "trap_auth_dbname";
        String owner = "trap_auth_dbname_owner";
        createOwnedDatabase(database, owner, List.of());

        DatabaseSetup.run(database(database, owner), credentials(), address(), null, "postgres");

        try (Connection su = TestPostgres.superuser(database).getConnection(); Statement st = su.createStatement()) {
            assertThat(single(st, "SELECT pg_catalog.count(*)::text FROM pg_catalog.pg_namespace WHERE nspname = 'pgbouncer'"))
                    .as("no pgbouncer schema in the owner's database").isEqualTo("0");
        }
        try (Connection su = TestPostgres.superuser("postgres").getConnection(); Statement st = su.createStatement()) {
            assertThat(single(st, "SELECT pg_catalog.count(*)::text FROM pg_catalog.pg_proc"
                    + " WHERE oid = 'pgbouncer.get_auth(text)'::pg_catalog.regprocedure")).as("the lookup is in postgres")
                    .isEqualTo("1");
        }
    }

    /** A new database owned by the new role {@code owner}, who then runs {@code asOwner} in it. */
    private static void createOwnedDatabase(String database, String owner, List<String> asOwner) throws SQLException {
        try (Connection c = TestPostgres.superuser("postgres").getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE ROLE " + owner + " LOGIN PASSWORD '" + OWNER_PASSWORD + "'");
            st.execute("CREATE DATABASE " + database + " OWNER " + owner);
        }
        if (asOwner.isEmpty()) {
            return;
        }
        try (Connection c = asOwner(database, owner); Statement st = c.createStatement()) {
            for (String sql : asOwner) {
                st.execute(sql);
            }
        }
    }

    private static Connection asOwner(String database, String owner) throws SQLException {
        return TestPostgres.loginAs(database, owner, OWNER_PASSWORD).getConnection();
    }

    private static WorkflowDatabase database(String database, String owner) {
        WorkflowDatabase db = new WorkflowDatabase();
        db.setMetadata(new ObjectMetaBuilder().withName("trap").withNamespace("apps").build());
        WorkflowDatabaseSpec spec = new WorkflowDatabaseSpec();
        spec.database = database;
        spec.owner = owner;
        db.setSpec(spec);
        return db;
    }

    /** The embedded server trusts the superuser on loopback; the password is the generated one. */
    private static Credentials credentials() {
        return Credentials.completing(Map.of());
    }

    private static String address() {
        return "127.0.0.1:" + TestPostgres.port();
    }

    private static String single(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }
}
