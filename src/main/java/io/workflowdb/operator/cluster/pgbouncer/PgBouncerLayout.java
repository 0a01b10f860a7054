package io.workflowdb.operator.cluster.pgbouncer;

import io.workflowdb.operator.tls.ServedTls;

/**
 * Where things are inside the PgBouncer container: the port it listens on, the path of the auth
 * file (mounted from a Secret), the directory of its Unix socket, or {@code null} for none, and the
 * directory of the cluster's TLS files (mounted from the TLS Secret).
 */
public record PgBouncerLayout(int listenPort, String authFile, String socketDirectory, String tlsDirectory) {

    /** With the TLS files where the pods mount them. */
    public PgBouncerLayout(int listenPort, String authFile, String socketDirectory) {
        this(listenPort, authFile, socketDirectory, ServedTls.DIRECTORY);
    }

    public static final int DEFAULT_LISTEN_PORT = 6432;
    public static final String DEFAULT_AUTH_FILE = "/etc/pgbouncer/auth/userlist.txt";

    public PgBouncerLayout {
        if (listenPort < 1 || listenPort > 65535) {
            throw new IllegalArgumentException("listen port " + listenPort + " is not between 1 and 65535");
        }
        if (authFile == null || !authFile.startsWith("/")) {
            throw new IllegalArgumentException("auth file must be an absolute path");
        }
        if (tlsDirectory == null || !tlsDirectory.startsWith("/")) {
            throw new IllegalArgumentException("TLS directory must be an absolute path");
        }
        if (socketDirectory != null && !socketDirectory.startsWith("/")) {
            throw new IllegalArgumentException("socket directory must be an absolute path");
        }
    }

    /** In the container: port 6432, the auth file from its Secret volume, no Unix socket (clients use TCP). */
    public static PgBouncerLayout defaults() {
        return new PgBouncerLayout(DEFAULT_LISTEN_PORT, DEFAULT_AUTH_FILE, null);
    }
}
