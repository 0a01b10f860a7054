package io.workflowdb.operator.cluster.model;

import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.workflowdb.operator.api.v1alpha1.WorkflowDatabaseSpec;
import io.workflowdb.operator.tls.ServedTls;

/**
 * The TLS of one managed cluster for this reconcile: what it serves, and the certificate authority
 * and server certificate the objects refer to.
 *
 * @param served        what the renderers render
 * @param authorityPem  the CA certificate given to applications ({@code ca.crt} of the app Secret);
 *                      null without TLS, or when rendered offline
 * @param serverSerial  serial of the server certificate in the TLS Secret: the pooler's pods are
 *                      replaced when it changes, since PgBouncer reads its certificate at start only
 * @param authorityExpires when the authority expires; null without TLS
 * @param serverIssued  when the server certificate was issued; null without TLS
 * @param serverExpires when it expires; null without TLS
 */
public record ClusterTls(ServedTls served, String authorityPem, String serverSerial, java.time.Instant authorityExpires,
        java.time.Instant serverIssued, java.time.Instant serverExpires) {

    /** Before any certificate exists: offline, or without TLS. */
    public static ClusterTls withoutCertificates(ServedTls served) {
        return new ClusterTls(served, null, null, null, null, null);
    }

    /**
     * What a cluster serves: what its spec asks for; without {@code spec.tls}, {@code byDefault}, except
     * for a cluster whose current patroni.yml (null when none was rendered yet) has no TLS. That one
     * was made before the operator served TLS and keeps running without it until its spec asks,
     * because its clients may connect without TLS or without the CA.
     */
    public static ServedTls served(WorkflowDatabaseSpec spec, String currentPatroniYaml, ServedTls.Mode byDefault) {
        boolean superuserAccess = Boolean.TRUE.equals(spec.enableSuperuserAccess);
        if (spec.tls == null && currentPatroniYaml != null && !servesTls(currentPatroniYaml)) {
            return new ServedTls(ServedTls.Mode.OFF, true);
        }
        if (spec.tls == null || spec.tls.mode == null) {
            return new ServedTls(byDefault, superuserAccess);
        }
        return new ServedTls(switch (spec.tls.mode) {
            case VERIFY_FULL -> ServedTls.Mode.VERIFY_FULL;
            case REQUIRE -> ServedTls.Mode.REQUIRE;
            case ALLOW -> ServedTls.Mode.ALLOW;
        }, superuserAccess);
    }

    /** Whether a rendered patroni.yml turns TLS on (its local PostgreSQL parameters name a certificate). */
    static boolean servesTls(String patroniYaml) {
        try {
            Map<?, ?> root = new ObjectMapper(new YAMLFactory()).readValue(patroniYaml, Map.class);
            Object postgresql = root == null ? null : root.get("postgresql");
            Object parameters = postgresql instanceof Map<?, ?> pg ? pg.get("parameters") : null;
            return parameters instanceof Map<?, ?> p && p.containsKey("ssl_cert_file");
        } catch (JsonProcessingException notYaml) {
            // not a file this operator rendered: treat the cluster as new
            return true;
        }
    }
}
