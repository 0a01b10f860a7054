package io.workflowdb.operator.cluster.pgbouncer;

/**
 * Where things are inside the PgBouncer container: the port it listens on, the path of the auth
 * file (mounted from a Secret) and the directory of its Unix socket, or {@code null} for none.
 */
public record PgBouncerLayout(int listenPort, String authFile, String socketDirectory) {

    public static final int DEFAULT_LISTEN_PORT = 6432;
    public static final String DEFAULT_AUTH_FILE = "/etc/pgbouncer/auth/userlist.txt";

    public PgBouncerLayout {
        if (listenPort < 1 || listenPort > 65535) {
            throw new IllegalArgumentException("listen port " + listenPort + " is not between 1 and 65535");
        }
        if (authFile == null || !authFile.startsWith("/")) {
            throw new IllegalArgumentException("auth file must be an absolute path");
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
