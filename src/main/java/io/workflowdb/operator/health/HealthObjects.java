package io.workflowdb.operator.health;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import io.workflowdb.operator.sql.SessionSettings;

/**
 * The SQL objects the operator keeps in its own schema {@value #SCHEMA} so that a DBA can check
 * health from psql: {@code workflowdb.database_health_check(...)}, the seed guide's function
 * fixed for PostgreSQL 13 and later with its thresholds as parameters, and the
 * {@code workflowdb.slow_queries} view where pg_stat_statements is installed. The script is
 * {@value #SCRIPT}; the schema's comment marks which version of it ran.
 */
public final class HealthObjects {

    public static final String SCHEMA = "workflowdb";
    /** The schema's comment once the script ran; a new version of the script changes it. */
    public static final String VERSION_MARKER = "workflowdb-operator health objects v1";
    static final String SCRIPT = "db/workflowdb/health/health_objects.sql";
    /** Waits this long for a lock (a DBA's query on the view) rather than queue everyone behind the install. */
    static final String LOCK_TIMEOUT = "5s";

    private static final String LOCK_KEY = "workflowdb:health-objects";

    /**
     * True when this version's objects are all there: the marker, the function, and the view
     * unless pg_stat_statements (1.8 or later) is missing from the database.
     */
    private static final String INSTALLED = """
            SELECT coalesce(pg_catalog.obj_description(n.oid, 'pg_namespace') = ?, false)
                   AND pg_catalog.to_regprocedure(
                        'workflowdb.database_health_check(numeric, numeric, numeric, numeric, numeric)') IS NOT NULL
                   AND (pg_catalog.to_regclass('workflowdb.slow_queries') IS NOT NULL
                        OR NOT EXISTS (SELECT 1 FROM pg_catalog.pg_extension e
                                         JOIN pg_catalog.pg_class c ON c.relnamespace = e.extnamespace
                                                                   AND c.relname = 'pg_stat_statements'
                                         JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid
                                                                       AND a.attname = 'mean_exec_time'
                                                                       AND NOT a.attisdropped
                                        WHERE e.extname = 'pg_stat_statements'))
              FROM pg_catalog.pg_namespace n
             WHERE n.nspname = 'workflowdb'
            """;

    private HealthObjects() {
    }

    /**
     * Creates or replaces the objects in one transaction, under a transaction-level advisory lock
     * so that two operator replicas do not race. Safe to run again; leaves the connection's
     * autocommit as it found it.
     */
    public static void install(Connection c) throws SQLException {
        boolean autocommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            SessionSettings.local(c, "lock_timeout", LOCK_TIMEOUT);
            try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
                lock.setString(1, LOCK_KEY);
                lock.execute();
            }
            st.execute(script());
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autocommit);
        }
    }

    /** Whether {@link #install} has nothing to add: lets a caller skip it on every pass. */
    public static boolean installed(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSTALLED)) {
            ps.setString(1, VERSION_MARKER);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    static String script() {
        try (InputStream in = HealthObjects.class.getClassLoader().getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException(SCRIPT + " is missing from the artifact");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + SCRIPT, e);
        }
    }
}
