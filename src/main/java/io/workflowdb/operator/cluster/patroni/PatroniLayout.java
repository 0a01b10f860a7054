package io.workflowdb.operator.cluster.patroni;

/**
 * Where the image keeps PostgreSQL and which ports the pod uses: facts of the container, not of the
 * spec. A change here changes the local configuration, so it rolls the pods.
 */
public record PatroniLayout(String binDirectory, String dataDirectory, int postgresPort, int restApiPort,
        String socketDirectory) {

    /** The major version a WorkflowDatabase runs when {@code spec.postgresVersion} is not given. */
    public static final int DEFAULT_POSTGRES_VERSION = 16;

    public static final int POSTGRES_PORT = 5432;
    public static final int REST_API_PORT = 8008;

    /** A Debian-based Patroni image: PostgreSQL from the PGDG packages, data under the postgres home. */
    public static PatroniLayout forVersion(int postgresVersion) {
        return new PatroniLayout("/usr/lib/postgresql/" + postgresVersion + "/bin",
                "/home/postgres/pgdata/pgroot/data", POSTGRES_PORT, REST_API_PORT, "/var/run/postgresql");
    }
}
