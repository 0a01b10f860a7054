package io.workflowdb.operator.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.workflowdb.operator.testing.Sql;
import io.workflowdb.operator.testing.TestPostgres;

class BoundedLocksTest {

    private static DataSource db;

    @BeforeAll
    static void table() {
        db = TestPostgres.freshDatabase("bounded_locks");
        Sql.execute(db, "CREATE TABLE t (id int)");
    }

    @Test
    void theDefaultGivesUpWithinTwoAndAHalfSeconds() {
        assertThat(BoundedLocks.DEFAULT.lockTimeout()).isEqualTo(Duration.ofMillis(200));
        assertThat(List.of(1, 2, 3, 4, 5, 6).stream().map(BoundedLocks.DEFAULT::pause).map(Duration::toMillis))
                .containsExactly(100L, 200L, 400L, 800L, 1000L, 1000L);
        assertThat(BoundedLocks.DEFAULT.longest()).isEqualTo(Duration.ofMillis(2500));
    }

    @Test
    void aPatienceBecomesAsManyShortAttemptsAsFit() {
        BoundedLocks.Policy fiveSeconds = BoundedLocks.Policy.within(Duration.ofSeconds(5));
        assertThat(fiveSeconds.lockTimeout()).isEqualTo(Duration.ofMillis(200));
        assertThat(fiveSeconds.attempts()).isEqualTo(7);
        assertThat(fiveSeconds.longest()).isLessThanOrEqualTo(Duration.ofSeconds(5));

        BoundedLocks.Policy brief = BoundedLocks.Policy.within(Duration.ofMillis(150));
        assertThat(brief.lockTimeout()).isEqualTo(Duration.ofMillis(150));
        assertThat(brief.attempts()).isEqualTo(1);
    }

    @Test
    void aTransactionThatRunsOutOfLockTimeIsRolledBackAndRunAgainUntilTheLockIsFree() throws Exception {
        List<String> timeouts = new ArrayList<>();
        try (Connection holder = db.getConnection(); Connection c = db.getConnection()) {
            holder.setAutoCommit(false);
            execute(holder, "LOCK TABLE t IN ACCESS SHARE MODE");
            CompletableFuture<Void> release = CompletableFuture.runAsync(() -> {
                try {
                    Thread.sleep(500);
                    holder.commit();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });

            String seen = BoundedLocks.inTransaction(c, BoundedLocks.DEFAULT, tx -> {
                timeouts.add(show(tx, "lock_timeout"));
                execute(tx, "ALTER TABLE t ADD COLUMN IF NOT EXISTS note text");
                return "done";
            });

            release.get();
            assertThat(seen).isEqualTo("done");
            assertThat(timeouts).as("one attempt per 200 ms wait, then the one that got the lock").hasSizeGreaterThan(1)
                    .containsOnly("200ms");
            assertThat(c.getAutoCommit()).isTrue();
            assertThat(show(c, "lock_timeout")).as("SET LOCAL ended with the transaction").isEqualTo("0");
        }
    }

    @Test
    void givingUpKeepsTheLockTimeoutStateAndSaysHowOftenItTried() throws Exception {
        try (Connection holder = db.getConnection(); Connection c = db.getConnection()) {
            holder.setAutoCommit(false);
            execute(holder, "LOCK TABLE t IN ACCESS SHARE MODE");
            BoundedLocks.Policy twice = new BoundedLocks.Policy(Duration.ofMillis(50), 2, Duration.ofMillis(10),
                    Duration.ofMillis(10));

            assertThatThrownBy(() -> BoundedLocks.autocommit(c, twice, ac -> execute(ac, "DROP TABLE t")))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(SqlStates.classify(e)).isEqualTo(SqlStates.Kind.LOCK_TIMEOUT);
                        assertThat(e.getMessage()).isEqualTo(
                                "canceling statement due to lock timeout (2 attempts, each waiting at most 50 ms)");
                    });
            assertThat(show(c, "lock_timeout")).as("the session's setting is put back").isEqualTo("0");
            holder.commit();
        }
    }

    @Test
    void otherFailuresAreNotRetried() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        try (Connection c = db.getConnection()) {
            assertThatThrownBy(() -> BoundedLocks.inTransaction(c, BoundedLocks.DEFAULT, tx -> {
                attempts.incrementAndGet();
                return execute(tx, "SELECT * FROM no_such_table");
            })).isInstanceOf(SQLException.class).hasMessageContaining("no_such_table");
            assertThat(attempts).hasValue(1);
            assertThat(c.getAutoCommit()).isTrue();
        }
    }

    private static Void execute(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
        return null;
    }

    private static String show(Connection c, String setting) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
