package io.workflowdb.operator.api.v1alpha1;

/**
 * Regular expressions the CRD schema enforces. Kept as constants so the annotations and the
 * documentation name one source.
 */
public final class Patterns {

    /** An unquoted PostgreSQL identifier in its folded (lower-case) form, at most 63 bytes. */
    public static final String IDENTIFIER = "^[a-z_][a-z0-9_$]{0,62}$";

    /** An identifier, optionally qualified by a schema: {@code tasks} or {@code public.tasks}. */
    public static final String QUALIFIED_IDENTIFIER = "^([a-z_][a-z0-9_$]{0,62}\\.)?[a-z_][a-z0-9_$]{0,62}$";

    /**
     * A positive duration with one unit: seconds, minutes, hours, days or weeks ({@code 30s}, {@code 90d}).
     * At most 999999s, 999999m, 999999h, 99999d or 9999w (under 274 years), so that a time computed
     * back from now, such as a retention cutoff, always lies in a year PostgreSQL and Java can write.
     */
    public static final String DURATION = "^([1-9][0-9]{0,5}[smh]|[1-9][0-9]{0,4}d|[1-9][0-9]{0,3}w)$";

    /** A Kubernetes object name (DNS-1123 subdomain). */
    public static final String KUBERNETES_NAME = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

    /** A host name or bracketed IPv6 address, with an optional port. */
    public static final String HOST_PORT =
            "^([A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]+\\])(:[0-9]{1,5})?$";

    /** A PostgreSQL or PgBouncer configuration parameter name. */
    public static final String PARAMETER_NAME = "^[a-z_][a-z0-9_.]{0,62}$";

    /** An http(s) URL of a Patroni REST endpoint. */
    public static final String HTTP_URL = "^https?://[A-Za-z0-9.\\-\\[\\]:]+(/[A-Za-z0-9._~/-]*)?$";

    private Patterns() {
    }
}
