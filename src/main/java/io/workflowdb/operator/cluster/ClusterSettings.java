package io.workflowdb.operator.cluster;

import io.workflowdb.operator.config.OperatorConfig;
import io.workflowdb.operator.tls.ServedTls;

/**
 * Operator-wide facts about the images and pods it runs, the same for every WorkflowDatabase. The
 * offline {@code render} command uses {@link #defaults()}; the running operator reads them from its
 * configuration ({@code workflowdb.cluster.*}).
 *
 * @param patroniImage default image with Patroni and PostgreSQL (spec.image overrides it)
 * @param poolerImage image with PgBouncer
 * @param leaderLabelValue the value Patroni writes into the pods' {@code role} label on the leader:
 *        {@code primary} for Patroni 4, {@code master} for Patroni 3
 * @param runAsUser user id the PostgreSQL container runs as
 * @param fsGroup group that owns the data volume
 * @param patroniApiUrl where a member's REST API answers; {@code {pod}}, {@code {ordinal}} (the
 *        pod's StatefulSet ordinal), {@code {name}} and {@code {namespace}} are replaced
 * @param databaseAddress host:port where the operator reaches a Service of the cluster (the primary,
 *        to set up roles and the database); {@code {service}} and {@code {namespace}} are replaced
 * @param operatorNamespace the namespace the operator runs in: the members' NetworkPolicy admits
 *        its connections to PostgreSQL and the Patroni REST API from there
 * @param tlsExtraNames host names and IP addresses every cluster's server certificate names besides its
 *        Services and pods: where the operator reaches members by other names than the cluster's
 *        DNS (the addresses of {@code patroniApiUrl} and {@code databaseAddress} when they are not Services)
 * @param tlsDefault what a new cluster without {@code spec.tls} serves: {@code verify-full} unless the
 *        operator's administrator chose otherwise (off where a service mesh already encrypts)
 */
public record ClusterSettings(String patroniImage, String poolerImage, String leaderLabelValue, long runAsUser,
        long fsGroup, String patroniApiUrl, String databaseAddress, String operatorNamespace,
        java.util.List<String> tlsExtraNames, ServedTls.Mode tlsDefault) {

    public ClusterSettings {
        tlsExtraNames = tlsExtraNames == null ? java.util.List.of() : java.util.List.copyOf(tlsExtraNames);
        tlsDefault = tlsDefault == null ? ServedTls.Mode.VERIFY_FULL : tlsDefault;
    }

    public ClusterSettings(String patroniImage, String poolerImage, String leaderLabelValue, long runAsUser,
            long fsGroup, String patroniApiUrl, String databaseAddress, String operatorNamespace) {
        this(patroniImage, poolerImage, leaderLabelValue, runAsUser, fsGroup, patroniApiUrl, databaseAddress,
                operatorNamespace, java.util.List.of(), ServedTls.Mode.VERIFY_FULL);
    }

    public static final String DEFAULT_PATRONI_IMAGE = OperatorConfig.Cluster.DEFAULT_PATRONI_IMAGE;
    public static final String DEFAULT_POOLER_IMAGE = OperatorConfig.Cluster.DEFAULT_POOLER_IMAGE;
    public static final String DEFAULT_PATRONI_API_URL = OperatorConfig.Cluster.DEFAULT_PATRONI_API_URL;
    public static final String DEFAULT_DATABASE_ADDRESS = OperatorConfig.Cluster.DEFAULT_DATABASE_ADDRESS;
    public static final String DEFAULT_OPERATOR_NAMESPACE = OperatorConfig.Cluster.DEFAULT_OPERATOR_NAMESPACE;

    /** The settings as the operator's configuration gives them. */
    public static ClusterSettings of(OperatorConfig.Cluster config) {
        return new ClusterSettings(config.patroniImage(), config.poolerImage(), config.leaderLabelValue(),
                config.runAsUser(), config.fsGroup(), config.patroniApiUrl(), config.databaseAddress(),
                config.operatorNamespace(), config.tlsExtraNames().orElse(java.util.List.of()),
                ServedTls.Mode.of(config.tlsDefault()));
    }

    public static ClusterSettings defaults() {
        return new ClusterSettings(DEFAULT_PATRONI_IMAGE, DEFAULT_POOLER_IMAGE, "primary", 101, 103,
                DEFAULT_PATRONI_API_URL, DEFAULT_DATABASE_ADDRESS, DEFAULT_OPERATOR_NAMESPACE);
    }

    /** The REST API base URL of one member; with TLS over https whatever scheme the template names. */
    public String patroniApiUrl(String pod, String name, String namespace, boolean tls) {
        String url = patroniApiUrl(pod, name, namespace);
        return tls && url.startsWith("http://") ? "https://" + url.substring("http://".length()) : url;
    }

    /** The REST API base URL of one member as the template names it. */
    public String patroniApiUrl(String pod, String name, String namespace) {
        return patroniApiUrl.replace("{pod}", pod).replace("{ordinal}", ordinal(pod)).replace("{name}", name)
                .replace("{namespace}", namespace);
    }

    /** The ordinal a StatefulSet pod's name ends with ({@code workflow-db-2} → {@code 2}). */
    static String ordinal(String pod) {
        return pod.substring(pod.lastIndexOf('-') + 1);
    }

    /** The host:port the operator connects to for a Service of the cluster. */
    public String databaseAddress(String service, String namespace) {
        return databaseAddress.replace("{service}", service).replace("{namespace}", namespace);
    }
}
