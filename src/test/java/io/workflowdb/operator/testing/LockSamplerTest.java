package io.workflowdb.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.postgresql.PGProperty;

class LockSamplerTest {

    @Test
    void keepsTheLongestWriterBlockingLockOfAnotherBackendAndLeavesOutTheExcludedOnes() throws Exception {
        DataSource db = TestPostgres.freshDatabase("lock_sampler");
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE watched (id bigint PRIMARY KEY)");
            st.execute("CREATE TABLE other (id bigint PRIMARY KEY)");
        }
        LockSampler.Result result;
        try (LockSampler sampler = LockSampler.start(db, "watched", Duration.ofMillis(20), "excluded-writer")) {
            hold(db, "SHARE ROW EXCLUSIVE", "watched", 500, null);
            hold(db, "ACCESS EXCLUSIVE", "other", 700, null);
            hold(db, "ACCESS EXCLUSIVE", "watched", 900, "excluded-writer");
            // a reader's lock does not block writers
            hold(db, "ACCESS SHARE", "watched", 700, null);
            result = sampler.stop();
        }
        assertThat(result.firstError()).isEmpty();
        assertThat(result.samples()).isGreaterThan(20);
        LockSampler.Lock longest = result.longest().orElseThrow();
        assertThat(longest.mode()).isEqualTo("ShareRowExclusiveLock");
        assertThat(longest.relation()).isEqualTo("watched");
        assertThat(longest.awaited()).isFalse();
        assertThat(longest.atLeast()).isBetween(Duration.ofMillis(300), Duration.ofMillis(600));
        assertThat(result.describe()).startsWith("ShareRowExclusiveLock held by pid " + longest.pid() + " on watched: ");
    }

    private static void hold(DataSource db, String mode, String table, long millis, String applicationName)
            throws Exception {
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            if (applicationName != null) {
                c.setClientInfo(PGProperty.APPLICATION_NAME.getName(), applicationName);
            }
            c.setAutoCommit(false);
            st.execute("LOCK TABLE " + table + " IN " + mode + " MODE");
            Thread.sleep(millis);
            c.commit();
        }
    }
}
