package io.workflowdb.operator.sql;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * Where and as whom to connect. The password never appears in {@link #toString()} or the URL;
 * it travels only as a driver property.
 */
public record ConnectionSettings(List<String> hosts, String database, String sslMode, String username, String password) {

    static final int DEFAULT_PORT = 5432;
    static final int CONNECT_TIMEOUT_SECONDS = 5;

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
                .append("&connectTimeout=").append(CONNECT_TIMEOUT_SECONDS)
                .append("&loginTimeout=").append(CONNECT_TIMEOUT_SECONDS)
                .append("&ApplicationName=workflowdb-operator");
        return url.toString();
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
                + ", username=" + username + ", password=******]";
    }
}
