package io.workflowdb.operator.partition.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import io.workflowdb.operator.api.v1alpha1.ConversionStatus.Phase;
import io.workflowdb.operator.api.v1alpha1.PartitionPolicySpec;
import io.workflowdb.operator.partition.convert.OnlineConversion.Result;
import io.workflowdb.operator.testing.Sql;
import io.workflowdb.operator.testing.TestPostgres;

/**
 * The conversion's backend killed at each phase, and at random moments inside statements: the next
 * run continues from what the database records and ends in the same state as an uninterrupted one.
 */
class ConversionCrashTest {

    static final int ROWS = 8_000;

    @ParameterizedTest
    @EnumSource(Phase.class)
    void killedRightAfterEachPhaseBeganResumesToTheSameEnd(Phase phase) throws Exception {
        DataSource db = TestPostgres.freshDatabase("conv_kill_" + phase.name().toLowerCase());
        ConversionFixtures.events(db, ROWS);
        PartitionPolicySpec spec = spec();
        try (Connection c = db.getConnection()) {
            int pid = pid(c);
            OnlineConversion.Listener killer = new OnlineConversion.Listener() {
                @Override
                public void batch(ConversionProgress.State state, long rows) {
                }

                @Override
                public void phase(Phase reached, String message) {
                    if (reached == phase) {
                        terminate(db, pid);
                    }
                }
            };
            assertThatThrownBy(() -> {
                for (int i = 0; i < 1000; i++) {
                    OnlineConversion.run(c, spec, ConversionFixtures.NOW, Duration.ofSeconds(5), null, killer);
                }
            }).isInstanceOf(SQLException.class);
        }

        assertThat(ConversionFixtures.untilEnd(db, spec)).last().extracting(OnlineConversion.Report::result)
                .isEqualTo(Result.DONE);
        assertConverted(db);
    }

    @Test
    void killedAtRandomMomentsManyTimesStillConvertsEveryRowOnce() throws Exception {
        DataSource db = TestPostgres.freshDatabase("conv_chaos");
        ConversionFixtures.events(db, ROWS);
        PartitionPolicySpec spec = spec();
        ScheduledExecutorService killer = Executors.newSingleThreadScheduledExecutor();
        int kills = 0;
        try {
            for (int i = 0; i < 2000; i++) {
                try (Connection c = db.getConnection()) {
                    int pid = pid(c);
                    // early kills land in the first phases; later ones, given more time, in later ones
                    killer.schedule(() -> terminate(db, pid), ThreadLocalRandom.current().nextInt(5, 30 + 10 * i),
                            TimeUnit.MILLISECONDS);
                    OnlineConversion.Report report = OnlineConversion.run(c, spec, ConversionFixtures.NOW,
                            Duration.ofMillis(200), null, OnlineConversion.Listener.NONE);
                    if (report.result() == Result.DONE || report.result() == Result.NOT_NEEDED) {
                        // NOT_NEEDED: a killed call had finished the conversion before it could say so
                        break;
                    }
                    assertThat(report.result()).isIn(Result.IN_PROGRESS, Result.WAITING);
                } catch (SQLException e) {
                    kills++;
                }
            }
        } finally {
            killer.shutdownNow();
        }
        assertThat(kills).as("the backend was killed mid-run").isGreaterThanOrEqualTo(3);
        assertThat(ConversionFixtures.untilEnd(db, spec)).last().extracting(OnlineConversion.Report::result)
                .isEqualTo(Result.NOT_NEEDED);
        assertConverted(db);
    }

    private static PartitionPolicySpec spec() {
        PartitionPolicySpec spec = ConversionFixtures.monthly("workflow_events", "occurred_at");
        spec.conversion.extendPrimaryKey = true;
        spec.conversion.batchSize = 500;
        return spec;
    }

    private static void assertConverted(DataSource db) {
        assertThat(Sql.strings(db, "SELECT relkind::text FROM pg_class WHERE oid = 'workflow_events'::regclass"))
                .containsExactly("p");
        assertThat(Sql.count(db, "SELECT count(*) FROM workflow_events")).isEqualTo(ROWS);
        assertThat(Sql.count(db, "SELECT count(DISTINCT id) FROM workflow_events")).isEqualTo(ROWS);
        assertThat(Sql.count(db, "SELECT count(*) FROM (SELECT * FROM workflow_events EXCEPT"
                + " SELECT * FROM workflow_events_wfdb_unpartitioned) d")).isZero();
        assertThat(Sql.count(db, "SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'wfdb_capture%'")).isZero();
        assertThat(Sql.count(db, "SELECT count(*) FROM pg_proc WHERE proname LIKE 'capture_%'")).isLessThanOrEqualTo(1);
        assertThat(Sql.strings(db, "SELECT phase || ' ' || (finished_at IS NOT NULL) FROM workflowdb.conversion_progress"))
                .containsExactly("Done true");
        assertThat(Sql.count(db, "SELECT count(*) FROM recent_events")).isEqualTo(
                Sql.count(db, "SELECT count(*) FROM workflow_events WHERE project_id < 50"));
    }

    private static int pid(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); var rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void terminate(DataSource db, int pid) {
        Sql.execute(db, "SELECT pg_terminate_backend(" + pid + ")");
    }
}
