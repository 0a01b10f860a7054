package io.workflowdb.operator.sql;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

import io.workflowdb.operator.tls.Pem;
import io.workflowdb.operator.tls.PemTlsFactory;

/**
 * Where and as whom to connect. The password never appears in {@link #toString()} or the URL;
 * it travels only as a driver property.
 *
 * @param trustedCa  PEM certificates the connection trusts, and nothing else ({@link PemTlsFactory});
 *                   null for PgJDBC's own TLS set-up, where {@code verify-ca} and {@code verify-full}
 *                   trust the JVM's authorities. New certificates make new settings, and so a new pool.
 */
public record ConnectionSettings(List<String> hosts, String database, String sslMode, String username, String password,
        String trustedCa) {

    /** PgJDBC's factory that verifies with the JVM's trust store (its default reads ~/.postgresql instead). */
    static final String JVM_TRUST_FACTORY = "org.postgresql.ssl.DefaultJavaSSLFactory";

    public ConnectionSettings(List<String> hosts, String database, String sslMode, String username, String password) {
        this(hosts, database, sslMode, username, password, null);
    }

    static final int DEFAULT_PORT = 5432;
    static final int CONNECT_TIMEOUT_SECONDS = 5;
    /**
     * How long a read on the socket may wait for the server: above the longest statement_timeout the
     * operator sets (30 min, view and index builds), so only a server that stopped answering hits it.
     * Health sampling narrows it per connection to its own deadline.
     */
    public static final int SOCKET_TIMEOUT_SECONDS = 35 * 60;

    public ConnectionSettings {
        hosts = List.copyOf(hosts);
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
    }

    /**
     * A PgJDBC multi-host URL that lands on the primary: with {@code targetServerType=primary} the
     * driver tries each host and keeps the one that is not in recovery.
     */
    public String jdbcUrl() {
        StringBuilder url = new StringBuilder("jdbc:postgresql://");
        for (int i = 0; i < hosts.size(); i++) {
            if (i > 0) {
                url.append(',');
            }
            String host = hosts.get(i);
            url.append(host);
            if (host.lastIndexOf(':') <= host.lastIndexOf(']')) {
                url.append(':').append(DEFAULT_PORT);
            }
        }
        url.append('/').append(URLEncoder.encode(database, StandardCharsets.UTF_8))
                .append("?targetServerType=primary")
                .append("&sslmode=").append(sslMode == null ? "prefer" : sslMode)
                .append(sslFactory())
                .append("&connectTimeout=").append(CONNECT_TIMEOUT_SECONDS)
                .append("&loginTimeout=").append(CONNECT_TIMEOUT_SECONDS)
                .append("&socketTimeout=").append(SOCKET_TIMEOUT_SECONDS)
                .append("&tcpKeepAlive=true")
                // the owner's connections keep the database's own search_path: its tables resolve as
                // they do for the application; only the string syntax is pinned
                .append("&options=").append(encode(SessionOptions.EVERY_CONNECTION))
                .append("&ApplicationName=workflowdb-operator");
        return url.toString();
    }

    private String sslFactory() {
        if (trustedCa != null) {
            return PemTlsFactory.urlParameters(trustedCa);
        }
        boolean verifies = "verify-ca".equals(sslMode) || "verify-full".equals(sslMode);
        return verifies ? "&sslfactory=" + JVM_TRUST_FACTORY : "";
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Removes the password from a text (a driver message, say) should it ever appear there. */
    public String redact(String text) {
        if (text == null || password.isEmpty()) {
            return text;
        }
        return text.replace(password, "******");
    }

    @Override
    public String toString() {
        return "ConnectionSettings[hosts=" + hosts + ", database=" + database + ", sslMode=" + sslMode
                + ", username=" + username + ", password=******, trustedCa="
                + (trustedCa == null ? null : "sha256:" + Pem.sha256Fingerprint(trustedCa)) + "]";
    }
}
