package io.workflowdb.operator.cluster.pgbouncer;

import java.util.regex.Pattern;

import io.workflowdb.operator.sql.Identifiers;

/**
 * Where PgBouncer sends the clients of one [databases] entry. Rendered as the libpq-style string
 * {@code host=... port=... dbname=...}; every part is checked so that it stays one unquoted word.
 */
public record DatabaseEntry(String host, int port, String dbname) {

    /** A DNS name (or dotted IPv4 address): labels of letters, digits and inner hyphens. */
    private static final Pattern HOST = Pattern.compile(
            "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    private static final int MAX_HOST_LENGTH = 253;

    public DatabaseEntry {
        if (host == null || host.length() > MAX_HOST_LENGTH || !HOST.matcher(host).matches()) {
            throw new IllegalArgumentException("host \"" + host + "\" is not a DNS name");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not between 1 and 65535");
        }
        if (!Identifiers.isPlain(dbname)) {
            throw new IllegalArgumentException("dbname \"" + dbname + "\" is not a lower-case PostgreSQL identifier");
        }
    }

    public String connectionString() {
        return "host=" + host + " port=" + port + " dbname=" + dbname;
    }
}
