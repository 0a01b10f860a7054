package io.workflowdb.operator.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import io.workflowdb.operator.testing.TestPostgres;

/** The operator's psql-facing health function and view, run on PostgreSQL 17 with and without pg_stat_statements. */
class HealthObjectsTest {

    record Row(String name, BigDecimal value, String status, BigDecimal threshold) {
    }

    @Test
    void installsTwiceAndTheFunctionRunsWithoutPgStatStatements() throws Exception {
        DataSource db = TestPostgres.freshDatabase("health_objects");
        try (Connection c = db.getConnection()) {
            assertThat(HealthObjects.installed(c)).isFalse();
            HealthObjects.install(c);
            assertThat(HealthObjects.installed(c)).isTrue();
            HealthObjects.install(c);
            assertThat(HealthObjects.installed(c)).isTrue();
            assertThat(c.getAutoCommit()).isTrue();
            assertThat(text(c, "SELECT obj_description('workflowdb'::regnamespace, 'pg_namespace')"))
                    .isEqualTo(HealthObjects.VERSION_MARKER);
            assertThat(text(c, "SELECT to_regclass('workflowdb.slow_queries')::text")).as("no view without the extension")
                    .isNull();

            List<Row> rows = rows(c, "SELECT * FROM workflowdb.database_health_check()");
            assertThat(rows).extracting(Row::name).containsExactly("active_connections", "database_size_mb",
                    "slow_queries_count", "cache_hit_ratio");
            assertThat(rows).extracting(Row::threshold).extracting(BigDecimal::intValue).containsExactly(50, 10000, 10, 95);
            assertThat(rows.get(0).value().longValue()).as("this query is active").isPositive();
            assertThat(rows.get(0).status()).isEqualTo("OK");
            assertThat(rows.get(1).value().longValue()).isEqualTo(number(c, "SELECT pg_database_size(current_database())")
                    / (1024 * 1024));
            assertThat(rows.get(1).status()).isEqualTo("OK");
            assertThat(rows.get(2).value()).isNull();
            assertThat(rows.get(2).status()).isEqualTo("UNAVAILABLE");
            assertThat(rows.get(3).status()).isIn("OK", "WARNING");

            List<Row> strict = rows(c, "SELECT * FROM workflowdb.database_health_check(active_connections_warning => 0,"
                    + " database_size_mb_warning => 1, cache_hit_ratio_warning => 0)");
            assertThat(strict).extracting(Row::status).containsExactly("WARNING", "WARNING", "UNAVAILABLE", "OK");
            assertThat(strict.get(0).threshold()).isEqualByComparingTo("0");
        }
    }

    @Test
    void noDivisionByZeroBeforeTheFirstBlockIsRead() throws Exception {
        DataSource db = TestPostgres.freshDatabase("health_objects_reads");
        try (Connection c = db.getConnection()) {
            HealthObjects.install(c);
            // counters reset in the same transaction: the function sees no block hit or read yet
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("SELECT pg_stat_reset()");
            }
            Row ratio = rows(c, "SELECT * FROM workflowdb.database_health_check() WHERE metric_name = 'cache_hit_ratio'").get(0);
            assertThat(number(c, "SELECT blks_hit + blks_read FROM pg_stat_database WHERE datname = current_database()"))
                    .isZero();
            c.commit();
            c.setAutoCommit(true);
            assertThat(ratio.value()).isNull();
            assertThat(ratio.status()).isEqualTo("OK");
            assertThat(ratio.threshold()).isEqualByComparingTo("95");
        }
    }

    @Test
    void withPgStatStatementsTheViewListsASlowStatementAndTheFunctionCountsIt() throws Exception {
        DataSource db = TestPostgres.freshDatabase("health_objects_pgss");
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE EXTENSION pg_stat_statements");
            st.execute("SELECT pg_stat_statements_reset(0, (SELECT oid FROM pg_database WHERE datname = current_database()), 0)");
            HealthObjects.install(c);
            assertThat(HealthObjects.installed(c)).isTrue();
            st.execute("SELECT pg_sleep(0.15)");

            try (ResultSet rs = st.executeQuery("SELECT query, calls, total_exec_time, mean_exec_time, stddev_exec_time, rows,"
                    + " hit_percent FROM workflowdb.slow_queries")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("query")).isEqualTo("SELECT pg_sleep($1)");
                assertThat(rs.getLong("calls")).isEqualTo(1);
                assertThat(rs.getDouble("mean_exec_time")).isGreaterThanOrEqualTo(150.0);
                assertThat(rs.getDouble("total_exec_time")).isEqualTo(rs.getDouble("mean_exec_time"));
                assertThat(rs.getLong("rows")).isEqualTo(1);
                rs.getObject("hit_percent");
                assertThat(rs.next()).as("nothing else of this database took 100 ms").isFalse();
            }

            List<Row> rows = rows(c, "SELECT * FROM workflowdb.database_health_check(slow_query_mean_ms => 100,"
                    + " slow_queries_warning => 0)");
            assertThat(rows.get(2)).isEqualTo(new Row("slow_queries_count", BigDecimal.ONE, "WARNING", BigDecimal.ZERO));
            Row byDefault = rows(c, "SELECT * FROM workflowdb.database_health_check()").get(2);
            assertThat(byDefault.value()).isEqualByComparingTo("0");
            assertThat(byDefault.status()).isEqualTo("OK");
        }
    }

    @Test
    void theViewFollowsTheExtension() throws Exception {
        DataSource db = TestPostgres.freshDatabase("health_objects_later");
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            HealthObjects.install(c);
            assertThat(HealthObjects.installed(c)).isTrue();

            st.execute("CREATE SCHEMA stats");
            st.execute("CREATE EXTENSION pg_stat_statements SCHEMA stats");
            assertThat(HealthObjects.installed(c)).as("the view is missing now").isFalse();
            HealthObjects.install(c);
            assertThat(HealthObjects.installed(c)).isTrue();
            assertThat(number(c, "SELECT count(*) FROM workflowdb.slow_queries")).isNotNegative();
            assertThat(rows(c, "SELECT * FROM workflowdb.database_health_check()").get(2).status())
                    .as("found in its own schema").isEqualTo("OK");

            st.execute("DROP EXTENSION pg_stat_statements CASCADE");
            assertThat(text(c, "SELECT to_regclass('workflowdb.slow_queries')::text")).isNull();
            assertThat(HealthObjects.installed(c)).as("nothing to add without the extension").isTrue();
            assertThat(rows(c, "SELECT * FROM workflowdb.database_health_check()").get(2).status()).isEqualTo("UNAVAILABLE");
        }
    }

    @Test
    void theDatabaseOwnerInstallsAndUsesThemWithoutBeingSuperuser() throws Exception {
        String name = "health_objects_owner_" + System.nanoTime();
        try (Connection c = TestPostgres.superuser("postgres").getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name + " OWNER " + TestPostgres.APP_USER);
        }
        try (Connection c = TestPostgres.superuser(name).getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE EXTENSION pg_stat_statements");
        }
        PGSimpleDataSource app = new PGSimpleDataSource();
        app.setServerNames(new String[] { "localhost" });
        app.setPortNumbers(new int[] { TestPostgres.port() });
        app.setDatabaseName(name);
        app.setUser(TestPostgres.APP_USER);
        app.setPassword(TestPostgres.APP_PASSWORD);
        try (Connection c = app.getConnection(); Statement st = c.createStatement()) {
            HealthObjects.install(c);
            assertThat(HealthObjects.installed(c)).isTrue();
            st.execute("SELECT pg_sleep(0.12)");
            assertThat(number(c, "SELECT count(*) FROM workflowdb.slow_queries WHERE query = 'SELECT pg_sleep($1)'"))
                    .isEqualTo(1);
            assertThat(rows(c, "SELECT * FROM workflowdb.database_health_check(slow_query_mean_ms => 100)").get(2).value())
                    .isEqualByComparingTo("1");
        }
    }

    @Test
    void concurrentInstallsDoNotFail() throws Exception {
        DataSource db = TestPostgres.freshDatabase("health_objects_race");
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE EXTENSION pg_stat_statements");
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> installs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Callable<Boolean> install = () -> {
                    try (Connection c = db.getConnection()) {
                        HealthObjects.install(c);
                        return HealthObjects.installed(c);
                    }
                };
                installs.add(pool.submit(install));
            }
            for (Future<Boolean> f : installs) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    static List<Row> rows(Connection c, String sql) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(new Row(rs.getString("metric_name"), rs.getBigDecimal("metric_value"), rs.getString("status"),
                        rs.getBigDecimal("threshold")));
            }
        }
        return rows;
    }

    static String text(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    static long number(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
