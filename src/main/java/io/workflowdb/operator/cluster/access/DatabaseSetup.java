package io.workflowdb.operator.cluster.access;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Properties;

import org.postgresql.PGConnection;

import io.workflowdb.operator.api.v1alpha1.WorkflowDatabase;
import io.workflowdb.operator.cluster.model.ClusterDefaults;
import io.workflowdb.operator.cluster.patroni.PatroniRoles;
import io.workflowdb.operator.cluster.pgbouncer.PoolerAuthSql;
import io.workflowdb.operator.sql.Identifiers;
import io.workflowdb.operator.sql.SessionOptions;

/**
 * What a new cluster needs inside PostgreSQL before applications can use it: the owner role with
 * its generated password, the application database owned by it, and PgBouncer's auth role and
 * lookup function. Runs as the superuser on the primary; every step checks before it creates, so
 * running it again changes nothing. Existing roles keep their passwords.
 */
public final class DatabaseSetup {

    static final int CONNECT_TIMEOUT_SECONDS = 5;
    static final int SOCKET_TIMEOUT_SECONDS = 60;

    private DatabaseSetup() {
    }

    /** Without TLS: a cluster created before the operator served it. */
    static void run(WorkflowDatabase db, Credentials credentials, String address) throws SQLException {
        run(db, credentials, address, null, null);
    }

    /**
     * @param address    host:port of the primary
     * @param tls        driver properties with the cluster's authority and the superuser's client
     *                   certificate ({@code PemTlsFactory.properties}), which logs in where the
     *                   superuser's password may not; null without TLS
     * @param authDatabase the database of PgBouncer's {@code auth_dbname}, where its lookup function
     *                   goes; null to put it into the application database (PgBouncer 1.18)
     */
    public static void run(WorkflowDatabase db, Credentials credentials, String address, Properties tls, String authDatabase)
            throws SQLException {
        String database = ClusterDefaults.database(db.getSpec());
        String owner = ClusterDefaults.owner(db.getSpec());
        try (Connection c = connect(address, "postgres", credentials, tls)) {
            if (!exists(c, "SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = ?", owner)) {
                try (Statement st = c.createStatement()) {
                    st.execute("CREATE ROLE " + Identifiers.quote(owner) + " LOGIN");
                }
                setPassword(c, owner, credentials.get(Credentials.OWNER));
            }
            if (!exists(c, "SELECT 1 FROM pg_catalog.pg_database WHERE datname = ?", database)) {
                try (Statement st = c.createStatement()) {
                    st.execute("CREATE DATABASE " + Identifiers.quote(database) + " OWNER " + Identifiers.quote(owner));
                }
            }
            if (ClusterDefaults.poolerEnabled(db.getSpec())) {
                PoolerAuthSql.ensureAuthRole(c, ClusterDefaults.POOLER_AUTH_USER, credentials.get(Credentials.POOLER));
            }
        }
        if (ClusterDefaults.poolerEnabled(db.getSpec())) {
            // the replicas' <database>_ro alias reads the same function through streaming replication;
            // with auth_dbname no superuser SQL runs inside the database the owner controls
            try (Connection c = connect(address, authDatabase != null ? authDatabase : database, credentials, tls)) {
                PoolerAuthSql.installLookupFunction(c, ClusterDefaults.POOLER_AUTH_USER);
            }
        }
    }

    static Connection connect(String address, String database, Credentials credentials, Properties tls)
            throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", PatroniRoles.SUPERUSER);
        props.setProperty("password", credentials.get(Credentials.SUPERUSER));
        props.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
        props.setProperty("socketTimeout", Integer.toString(SOCKET_TIMEOUT_SECONDS));
        props.setProperty("ApplicationName", "workflowdb-operator");
        // the application database belongs to the owner role, who may set its search_path and
        // standard_conforming_strings: the superuser's session pins both
        props.setProperty("options", SessionOptions.PRIVILEGED);
        if (tls != null) {
            // the certificate answers a cert rule; the password a scram-sha-256 one (enableSuperuserAccess)
            props.putAll(tls);
            props.setProperty("sslmode", "verify-full");
        }
        return DriverManager.getConnection("jdbc:postgresql://" + address + "/" + database, props);
    }

    private static boolean exists(Connection c, String sql, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Hashed to SCRAM in the driver: the password is in no SQL text or server log. */
    private static void setPassword(Connection c, String role, String password) throws SQLException {
        char[] secret = password.toCharArray();
        try {
            c.unwrap(PGConnection.class).alterUserPassword(role, secret, "scram-sha-256");
        } finally {
            Arrays.fill(secret, '\0');
        }
    }
}
