package io.workflowdb.operator.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;

import org.jboss.logging.Logger;

/**
 * DDL on a table the application uses, run so that it never holds the application up for long: each
 * attempt waits at most a short {@code lock_timeout} for its locks, and an attempt that runs out is
 * rolled back and tried again after a pause, a bounded number of times.
 *
 * <p>Why short waits and not one long one: a lock request that waits sits in the table's queue, and
 * every later request that conflicts with it (for ACCESS EXCLUSIVE: every reader and writer) waits
 * behind it. With a 200 ms lock_timeout no statement of the application waits longer than that on
 * our behalf; retrying finds the moment a long transaction ends without standing in line meanwhile.
 *
 * <p>Only a lock timeout ({@link SqlStates.Kind#LOCK_TIMEOUT}) is retried: anything else would fail
 * the same way again, or is the caller's to handle (a lost connection).
 */
public final class BoundedLocks {

    private static final Logger LOG = Logger.getLogger(BoundedLocks.class);

    /**
     * How long one attempt waits for a lock, how often to try and how long to pause in between.
     * Pauses start at {@code firstPause} and double up to {@code longestPause}.
     */
    public record Policy(Duration lockTimeout, int attempts, Duration firstPause, Duration longestPause) {

        public Policy {
            if (attempts < 1 || lockTimeout.isNegative() || lockTimeout.isZero()) {
                throw new IllegalArgumentException("at least one attempt with a positive lock_timeout");
            }
        }

        /** The pause after the {@code failed}-th failed attempt. */
        public Duration pause(int failed) {
            Duration pause = firstPause.multipliedBy(1L << Math.min(failed - 1, 20));
            return pause.compareTo(longestPause) > 0 ? longestPause : pause;
        }

        /**
         * Attempts of {@link #LOCK_TIMEOUT} (or less when the patience is shorter) and the default
         * pauses, as many as fit into {@code patience} counting each attempt's full wait: at least one.
         */
        public static Policy within(Duration patience) {
            Duration wait = patience.compareTo(LOCK_TIMEOUT) < 0 ? patience : LOCK_TIMEOUT;
            if (wait.isZero() || wait.isNegative()) {
                wait = Duration.ofMillis(1);
            }
            Duration spent = wait;
            int attempts = 1;
            while (true) {
                Duration next = spent.plus(DEFAULT.pause(attempts)).plus(wait);
                if (next.compareTo(patience) > 0) {
                    break;
                }
                spent = next;
                attempts++;
            }
            return new Policy(wait, attempts, DEFAULT.firstPause, DEFAULT.longestPause);
        }

        /** Worst case of waiting and pausing before the last attempt gives up. */
        public Duration longest() {
            Duration total = lockTimeout.multipliedBy(attempts);
            for (int failed = 1; failed < attempts; failed++) {
                total = total.plus(pause(failed));
            }
            return total;
        }

        String setting() {
            return lockTimeout.toMillis() + "ms";
        }
    }

    /** The longest an attempt waits for a lock: well under a second, so nobody queued behind it waits long. */
    public static final Duration LOCK_TIMEOUT = Duration.ofMillis(200);

    /** 5 attempts, pauses of 100, 200, 400 and 800 ms: gives up after at most 2.5 s. */
    public static final Policy DEFAULT = new Policy(LOCK_TIMEOUT, 5, Duration.ofMillis(100), Duration.ofSeconds(1));

    /** What one attempt does with the connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private BoundedLocks() {
    }

    /**
     * Runs {@code work} in a transaction with {@code SET LOCAL lock_timeout}, committing at the end;
     * a lock timeout rolls it back and, while attempts remain, runs it again after a pause. The
     * connection comes in autocommit and leaves in autocommit.
     *
     * @throws SQLException the last attempt's failure, or the first one that is not a lock timeout
     */
    public static <T> T inTransaction(Connection autocommit, Policy policy, Work<T> work) throws SQLException {
        for (int attempt = 1;; attempt++) {
            SQLException failure;
            autocommit.setAutoCommit(false);
            try {
                SessionSettings.local(autocommit, "lock_timeout", policy.setting());
                T result = work.run(autocommit);
                autocommit.commit();
                return result;
            } catch (SQLException e) {
                rollback(autocommit, e);
                failure = e;
            } catch (RuntimeException e) {
                rollback(autocommit, e);
                throw e;
            } finally {
                if (!autocommit.isClosed()) {
                    autocommit.setAutoCommit(true);
                }
            }
            pauseOrThrow(policy, attempt, failure);
        }
    }

    /**
     * Runs {@code work} in autocommit with the session's lock_timeout set to the policy's, put back
     * afterwards: for what PostgreSQL refuses in a transaction block ({@code DETACH ... CONCURRENTLY},
     * {@code FINALIZE}). Each attempt may choose its statement again, from what the last one left.
     */
    public static <T> T autocommit(Connection autocommit, Policy policy, Work<T> work) throws SQLException {
        try (SessionSettings limit = SessionSettings.apply(autocommit, Map.of("lock_timeout", policy.setting()))) {
            for (int attempt = 1;; attempt++) {
                try {
                    return work.run(autocommit);
                } catch (SQLException e) {
                    pauseOrThrow(policy, attempt, e);
                }
            }
        }
    }

    private static void pauseOrThrow(Policy policy, int attempt, SQLException e) throws SQLException {
        if (SqlStates.classify(e) != SqlStates.Kind.LOCK_TIMEOUT) {
            throw e;
        }
        if (attempt >= policy.attempts()) {
            throw gaveUp(policy, e);
        }
        Duration pause = policy.pause(attempt);
        LOG.debugf("lock not available (attempt %d of %d); trying again in %d ms", attempt, policy.attempts(),
                pause.toMillis());
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw e;
        }
    }

    /** The lock timeout, still classified as one, saying how often it was tried. */
    private static SQLException gaveUp(Policy policy, SQLException last) {
        if (policy.attempts() == 1) {
            return last;
        }
        return new SQLException(ServerMessages.primary(last) + " (" + policy.attempts() + " attempts, each waiting at most "
                + policy.lockTimeout().toMillis() + " ms)", last.getSQLState(), last);
    }

    private static void rollback(Connection connection, Exception cause) {
        try {
            if (!connection.isClosed()) {
                connection.rollback();
            }
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
