package io.workflowdb.operator.cluster.pgbouncer;

import java.util.Objects;

import io.workflowdb.operator.api.v1alpha1.PgBouncerSpec;
import io.workflowdb.operator.sql.Identifiers;
import io.workflowdb.operator.tls.ServedTls;

/**
 * Everything a pgbouncer.ini is rendered from.
 *
 * @param spec         the user's settings; {@code null} means all defaults
 * @param database     the application database (spec.database)
 * @param primaryHost  DNS name of the Service that reaches the primary
 * @param replicasHost DNS name of the Service that reaches the replicas, for {@code <database>_ro}
 * @param serverPort   PostgreSQL's port behind both Services
 * @param authUser     the role PgBouncer logs in as to look up client passwords
 * @param layout       paths and ports inside the PgBouncer container
 * @param tls          the TLS the cluster serves: PgBouncer serves it to clients and verifies the members
 * @param authDatabase where PgBouncer (1.19 and later) runs its password lookup ({@code auth_dbname});
 *                     null for PgBouncer 1.18, which runs it in each proxied database
 */
public record PgBouncerRenderInput(PgBouncerSpec spec, String database, String primaryHost, String replicasHost,
        int serverPort, String authUser, PgBouncerLayout layout, ServedTls tls, String authDatabase) {

    /** With the lookup in each proxied database, as PgBouncer 1.18 needs it. */
    public PgBouncerRenderInput(PgBouncerSpec spec, String database, String primaryHost, String replicasHost,
            int serverPort, String authUser, PgBouncerLayout layout, ServedTls tls) {
        this(spec, database, primaryHost, replicasHost, serverPort, authUser, layout, tls, null);
    }

    /** Without TLS on either side. */
    public PgBouncerRenderInput(PgBouncerSpec spec, String database, String primaryHost, String replicasHost,
            int serverPort, String authUser, PgBouncerLayout layout) {
        this(spec, database, primaryHost, replicasHost, serverPort, authUser, layout, new ServedTls(ServedTls.Mode.OFF, true),
                null);
    }

    public PgBouncerRenderInput {
        Objects.requireNonNull(tls, "tls");
        if (authDatabase != null && !Identifiers.isPlain(authDatabase)) {
            throw new IllegalArgumentException("auth database \"" + authDatabase + "\" is not a lower-case PostgreSQL identifier");
        }
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(primaryHost, "primaryHost");
        Objects.requireNonNull(replicasHost, "replicasHost");
        Objects.requireNonNull(layout, "layout");
        if (!Identifiers.isPlain(authUser)) {
            throw new IllegalArgumentException(
                    "auth user \"" + authUser + "\" is not a lower-case PostgreSQL identifier");
        }
    }
}
