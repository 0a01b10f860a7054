package io.workflowdb.operator.partition.convert;

import java.sql.Connection;
import java.sql.SQLException;

import io.workflowdb.operator.sql.SqlStates;

/**
 * A short transaction that takes locks on a user's table: the session's lock_timeout bounds each
 * wait (a queued strong lock request blocks every later statement on the table), and an attempt that
 * times out is rolled back and tried again after a growing pause, a few times.
 */
final class Locks {

    interface Work {
        void run() throws SQLException;
    }

    private Locks() {
    }

    /** @return false when every attempt timed out waiting for a lock */
    static boolean attempt(Connection autocommit, int attempts, Work work) throws SQLException {
        for (int i = 0; i < attempts; i++) {
            autocommit.setAutoCommit(false);
            try {
                work.run();
                autocommit.commit();
                return true;
            } catch (SQLException e) {
                autocommit.rollback();
                if (SqlStates.classify(e) != SqlStates.Kind.LOCK_TIMEOUT) {
                    throw e;
                }
            } catch (RuntimeException e) {
                autocommit.rollback();
                throw e;
            } finally {
                autocommit.setAutoCommit(true);
            }
            sleep(100L << i);
        }
        return false;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
