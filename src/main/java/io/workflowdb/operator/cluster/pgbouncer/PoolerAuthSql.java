package io.workflowdb.operator.cluster.pgbouncer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;

import org.jboss.logging.Logger;
import org.postgresql.PGConnection;

import io.workflowdb.operator.sql.Identifiers;

/**
 * The PostgreSQL side of PgBouncer's auth_query: the login role PgBouncer looks passwords up as,
 * and the function it calls. Run as a superuser. Each method runs in one transaction (or joins
 * the caller's when auto-commit is off), so a failure leaves nothing half done.
 */
public final class PoolerAuthSql {

    public static final String SCHEMA = "pgbouncer";
    public static final String FUNCTION = "get_auth";
    /** What PgBouncer runs, as auth_user, in the database a client asked for; {@code $1} is the client's user name. */
    /** Where the lookup function lives for a PgBouncer with {@code auth_dbname} (1.19 and later). */
    public static final String AUTH_DATABASE = "postgres";

    /**
     * {@link #AUTH_DATABASE} when the pooler image's tag names PgBouncer 1.19 or later
     * ({@code …/pgbouncer:1.24.1}); null otherwise (an older or unversioned tag), which keeps the lookup
     * in each proxied database as PgBouncer 1.18 needs.
     */
    public static String authDatabase(String poolerImage) {
        String reference = poolerImage.contains("@") ? poolerImage.substring(0, poolerImage.indexOf('@')) : poolerImage;
        int colon = reference.lastIndexOf(':');
        if (colon < 0 || colon < reference.lastIndexOf('/')) {
            return null;
        }
        java.util.regex.Matcher version = java.util.regex.Pattern.compile("v?(\\d+)\\.(\\d+)").matcher(reference.substring(colon + 1));
        if (!version.lookingAt()) {
            return null;
        }
        int major = Integer.parseInt(version.group(1));
        int minor = Integer.parseInt(version.group(2));
        return major > 1 || (major == 1 && minor >= 19) ? AUTH_DATABASE : null;
    }

    public static final String AUTH_QUERY = "SELECT usename, passwd FROM " + qualifiedFunction() + "($1)";

    private static final Logger LOG = Logger.getLogger(PoolerAuthSql.class);

    private PoolerAuthSql() {
    }

    /**
     * Creates the auth role as LOGIN if it is missing and sets its password. The password is hashed
     * to a SCRAM secret here in the driver, so it appears in no SQL text or server log. Refuses an
     * existing superuser: the auth role can read password hashes, it must be able to do nothing else.
     */
    public static void ensureAuthRole(Connection superuser, String authUser, String password) throws SQLException {
        String role = Identifiers.quote(authUser);
        inTransaction(superuser, () -> {
            Boolean isSuperuser = superuserFlag(superuser, authUser);
            try (Statement st = superuser.createStatement()) {
                if (isSuperuser == null) {
                    st.execute("CREATE ROLE " + role + " LOGIN");
                    LOG.infof("Created the PgBouncer auth role %s", authUser);
                } else if (isSuperuser) {
                    throw new IllegalStateException(
                            "role " + authUser + " is a superuser; PgBouncer's auth role must not be one");
                } else {
                    st.execute("ALTER ROLE " + role + " LOGIN");
                }
            }
            char[] secret = password.toCharArray();
            try {
                superuser.unwrap(PGConnection.class).alterUserPassword(authUser, secret, "scram-sha-256");
            } finally {
                Arrays.fill(secret, '\0');
            }
        });
    }

    /**
     * Installs (or replaces) {@code pgbouncer.get_auth(text)} in the database of the connection and
     * lets only the auth role call it. PgBouncer runs auth_query in the database the client asked
     * for (1.18 has no auth_dbname), so this must run in every database PgBouncer proxies.
     *
     * <p>The function is SECURITY DEFINER, owned by the superuser that creates it, because only a
     * superuser may read pg_shadow. It returns nothing for superusers, so they can never log in
     * through the pooler, nor for replication roles, nor for roles whose password has expired. Its search_path is pinned so
     * that no schema a caller controls can shadow what it calls. The caller's session must pin its
     * own search_path too ({@link io.workflowdb.operator.sql.SessionOptions#PRIVILEGED}): the
     * database belongs to the owner role. A {@value #SCHEMA} schema the superuser does not own is
     * refused, since its owner could drop and replace the function.
     */
    public static void installLookupFunction(Connection superuserConnectionToOneDatabase, String authUser)
            throws SQLException {
        Connection c = superuserConnectionToOneDatabase;
        String schema = Identifiers.quote(SCHEMA);
        String function = qualifiedFunction() + "(text)";
        String role = Identifiers.quote(authUser);
        inTransaction(c, () -> {
            refuseForeignSchema(c);
            try (Statement st = c.createStatement()) {
                st.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
                st.execute("REVOKE ALL ON SCHEMA " + schema + " FROM PUBLIC");
                st.execute("CREATE OR REPLACE FUNCTION " + qualifiedFunction() + "(p_usename text)"
                        + " RETURNS TABLE (usename name, passwd text)"
                        + " LANGUAGE sql STABLE SECURITY DEFINER"
                        + " SET search_path = pg_catalog, pg_temp"
                        + " AS $body$"
                        + " SELECT s.usename, s.passwd FROM pg_catalog.pg_shadow s"
                        + " WHERE s.usename = p_usename AND NOT s.usesuper AND NOT s.userepl"
                        + " AND (s.valuntil IS NULL OR s.valuntil > pg_catalog.now())"
                        + " $body$");
                st.execute("REVOKE ALL ON FUNCTION " + function + " FROM PUBLIC");
                st.execute("GRANT USAGE ON SCHEMA " + schema + " TO " + role);
                st.execute("GRANT EXECUTE ON FUNCTION " + function + " TO " + role);
                st.execute("GRANT CONNECT ON DATABASE " + Identifiers.quote(currentDatabase(c)) + " TO " + role);
            }
        });
    }

    private static String qualifiedFunction() {
        return Identifiers.quote(SCHEMA) + "." + Identifiers.quote(FUNCTION);
    }

    /** {@code null} when the role does not exist. */
    private static Boolean superuserFlag(Connection c, String role) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = ?")) {
            ps.setString(1, role);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getBoolean(1) : null;
            }
        }
    }

    /** Refuses a schema named {@value #SCHEMA} that someone other than a superuser created first. */
    private static void refuseForeignSchema(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT r.rolname, r.rolsuper FROM pg_catalog.pg_namespace n"
                + " JOIN pg_catalog.pg_roles r ON r.oid = n.nspowner WHERE n.nspname = ?")) {
            ps.setString(1, SCHEMA);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && !rs.getBoolean(2)) {
                    throw new IllegalStateException("schema " + SCHEMA + " is owned by role " + rs.getString(1)
                            + ", not a superuser; PgBouncer's lookup function is not installed into it");
                }
            }
        }
    }

    private static String currentDatabase(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT pg_catalog.current_database()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private interface SqlWork {
        void run() throws SQLException;
    }

    private static void inTransaction(Connection c, SqlWork work) throws SQLException {
        if (!c.getAutoCommit()) {
            work.run();
            return;
        }
        c.setAutoCommit(false);
        try {
            work.run();
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }
}
