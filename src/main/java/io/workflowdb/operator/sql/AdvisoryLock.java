package io.workflowdb.operator.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * A session-level PostgreSQL advisory lock keyed by a database object's name, so that two writers
 * (two operator replicas, or two runs) never work on the same table at once. The key text is
 * hashed by PostgreSQL itself ({@code hashtextextended}), bound as a parameter.
 */
public final class AdvisoryLock implements AutoCloseable {

    /** Prefix that keeps the operator's keys apart from an application's own advisory locks. */
    static final String NAMESPACE = "workflowdb:";

    private final Connection connection;
    private final String key;
    private boolean held = true;

    private AdvisoryLock(Connection connection, String key) {
        this.connection = connection;
        this.key = key;
    }

    /** Takes the lock without waiting; empty when another session holds it. */
    public static Optional<AdvisoryLock> tryAcquire(Connection connection, String objectKey) throws SQLException {
        String key = NAMESPACE + objectKey;
        try (PreparedStatement ps = connection.prepareStatement("SELECT pg_try_advisory_lock(hashtextextended(?, 0))")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1) ? Optional.of(new AdvisoryLock(connection, key)) : Optional.empty();
            }
        }
    }

    public String key() {
        return key;
    }

    @Override
    public void close() throws SQLException {
        if (!held) {
            return;
        }
        held = false;
        if (connection.isClosed()) {
            // a session lock ends with its session: nothing to release, and the work's own
            // outcome (an interrupted run, say) must not turn into this failure
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement("SELECT pg_advisory_unlock(hashtextextended(?, 0))")) {
            ps.setString(1, key);
            ps.execute();
        }
    }
}
