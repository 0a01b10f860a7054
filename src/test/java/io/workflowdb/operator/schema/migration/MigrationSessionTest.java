package io.workflowdb.operator.schema.migration;

import static io.workflowdb.operator.schema.migration.TestDatabases.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;


import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import io.workflowdb.operator.testing.TestPostgres;

/**
 * Migrations as the operator runs them: as the database's owner (no superuser), through a pool as
 * small as Flyway allows (it holds two connections), so that whatever a migration left on a session
 * would show on the next use.
 */
class MigrationSessionTest {

    private static final String OWNER = "mig_session_owner";
    private static final String PASSWORD = "Own3r-Secret-Pa55";

    private static AgroalDataSource pool;
    private static MigrationOutcome outcome;

    @BeforeAll
    static void migrateThroughASmallPool() throws SQLException {
        PGSimpleDataSource direct = (PGSimpleDataSource) TestDatabases.freshOwnedBy(OWNER, PASSWORD);
        pool = AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
                .connectionPoolConfiguration(p -> p.maxSize(2).acquisitionTimeout(Duration.ofSeconds(10))
                        .connectionFactoryConfiguration(f -> f.jdbcUrl(direct.getUrl())
                                .principal(new NamePrincipal(OWNER))
                                .credential(new SimplePassword(PASSWORD)))));
        outcome = Migrations.migrate(pool, true, List.of(
                new MigrationScript("V1__capture_session.sql", """
                        CREATE TABLE captured_session AS
                        SELECT current_setting('search_path') AS search_path,
                               current_setting('lock_timeout') AS lock_timeout,
                               current_setting('statement_timeout') AS statement_timeout;
                        """),
                new MigrationScript("V2__index_concurrently.sql",
                        "CREATE INDEX CONCURRENTLY captured_session_lock_timeout_idx ON captured_session (lock_timeout);"),
                new MigrationScript("V3__placeholders_stay_text.sql",
                        "CREATE TABLE templates (body text NOT NULL DEFAULT 'Hello ${name}');")));
    }

    @AfterAll
    static void closePool() {
        pool.close();
    }

    @Test
    void theDatabaseOwnerMigratesWithoutSuperuserRights() {
        assertThat(outcome.failure()).isNull();
        assertThat(outcome.version()).isEqualTo("builtin 1 / 3");
    }

    @Test
    void migrationsRunWithTheDatabasesSearchPathAndBoundedWaits() {
        assertThat(value(pool, "SELECT search_path || ' ' || lock_timeout || ' ' || statement_timeout FROM captured_session"))
                .isEqualTo("\"$user\", public " + MigrationSession.LOCK_TIMEOUT + " " + MigrationSession.STATEMENT_TIMEOUT);
    }

    @Test
    void thePooledConnectionsComeBackAsTheyWere() throws SQLException {
        try (Connection first = pool.getConnection(); Connection second = pool.getConnection()) {
            for (Connection c : List.of(first, second)) {
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT current_setting('search_path')"
                        + " || ' ' || current_setting('lock_timeout') || ' ' || current_setting('statement_timeout')")) {
                    rs.next();
                    assertThat(rs.getString(1)).isEqualTo("\"$user\", public 0 0");
                }
            }
        }
    }

    @Test
    void aMigrationOutsideATransactionRuns() {
        assertThat(value(pool, "SELECT indisvalid FROM pg_index WHERE indexrelid = 'captured_session_lock_timeout_idx'::regclass"))
                .isEqualTo("t");
    }

    @Test
    void scriptsRunAsWrittenWithoutPlaceholderReplacement() {
        assertThat(value(pool, "INSERT INTO templates DEFAULT VALUES RETURNING body")).isEqualTo("Hello ${name}");
    }

    @Test
    void aRefusedLoginIsThrownWithoutThePassword() {
        PGSimpleDataSource wrong = new PGSimpleDataSource();
        wrong.setUrl("jdbc:postgresql://localhost:" + TestPostgres.port() + "/" + OWNER + "_db");
        wrong.setUser(OWNER);
        wrong.setPassword(PASSWORD + "-wrong");

        Throwable thrown = catchThrowable(() -> Migrations.plan(wrong, true, List.of()));

        assertThat(thrown).hasMessageContaining("password authentication failed");
        assertThat(thrown.getMessage()).doesNotContain(PASSWORD);
    }

}
