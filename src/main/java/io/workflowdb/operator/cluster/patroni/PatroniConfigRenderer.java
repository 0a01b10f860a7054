package io.workflowdb.operator.cluster.patroni;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.workflowdb.operator.api.v1alpha1.EtcdSpec;
import io.workflowdb.operator.api.v1alpha1.PatroniSpec;
import io.workflowdb.operator.api.v1alpha1.PatroniSpec.SynchronousMode;
import io.workflowdb.operator.api.v1alpha1.PostgresqlSpec;
import io.workflowdb.operator.api.v1alpha1.WorkflowDatabaseSpec;
import io.workflowdb.operator.cluster.patroni.PatroniConfig.Authentication;
import io.workflowdb.operator.cluster.patroni.PatroniConfig.Bootstrap;
import io.workflowdb.operator.cluster.patroni.PatroniConfig.Credentials;
import io.workflowdb.operator.cluster.patroni.PatroniConfig.DynamicConfig;
import io.workflowdb.operator.cluster.patroni.PatroniConfig.DynamicPostgresql;
import io.workflowdb.operator.cluster.patroni.PatroniConfig.Etcd3Dcs;
import io.workflowdb.operator.cluster.patroni.PatroniConfig.KubernetesDcs;
import io.workflowdb.operator.cluster.patroni.PatroniConfig.LocalPostgresql;
import io.workflowdb.operator.cluster.patroni.PatroniConfig.RestApi;
import io.workflowdb.operator.tls.ServedTls;
import io.workflowdb.operator.validation.Violation;

/**
 * Renders a cluster's patroni.yml. Merge order: {@code config/patroni/patroni.yml}, then the spec
 * (typed {@code spec.patroni} fields, {@code spec.postgresql.parameters} and {@code pgHba}), then
 * what the operator forces (scope, DCS, listen addresses, directories, user names, its own pg_hba
 * rules, pg_stat_statements). A spec with {@link #problems} is refused, never silently trimmed. Pure:
 * no Kubernetes, no I/O beyond the defaults on the classpath.
 */
public final class PatroniConfigRenderer {

    /**
     * PostgreSQL parameters the operator or Patroni sets, refused in {@code spec.postgresql.parameters}:
     * addresses, files and directories of the pod, replication wiring Patroni manages (synchronous
     * replication goes through {@code spec.patroni.synchronousMode}), and the password hashing the
     * operator's SCRAM-only pg_hba rules depend on.
     */
    public static final Set<String> BLOCKED_PARAMETERS = Set.of("listen_addresses", "port", "data_directory",
            "hba_file", "ident_file", "config_file", "external_pid_file", "unix_socket_directories",
            "synchronous_standby_names", "cluster_name", "hot_standby", "primary_conninfo", "primary_slot_name",
            "restore_command", "password_encryption", "ssl", "ssl_cert_file", "ssl_key_file", "ssl_ca_file",
            "ssl_crl_file", "ssl_crl_dir", "ssl_dh_params_file");

    /** Where the pod mounts {@code spec.patroni.etcd.tlsSecret}, and the keys of that Secret. */
    public static final String ETCD_TLS_DIRECTORY = "/etc/patroni-etcd-tls";
    public static final String ETCD_CA_FILE = "ca.crt";
    public static final String ETCD_CERT_FILE = "tls.crt";
    public static final String ETCD_KEY_FILE = "tls.key";
    /** The keys of {@code spec.patroni.etcd.credentialsSecret}. */
    public static final String ETCD_USERNAME_KEY = "username";
    public static final String ETCD_PASSWORD_KEY = "password";
    static final String ETCD_HTTP = "http";
    static final String ETCD_HTTPS = "https";

    static final int DEFAULT_SYNCHRONOUS_NODE_COUNT = 1;
    static final String PGPASS = "/tmp/pgpass";
    /** The health checks read pg_stat_statements, so it stays preloaded whatever the spec lists. */
    static final String STATEMENT_STATISTICS = "pg_stat_statements";
    public static final String SHARED_PRELOAD_LIBRARIES = "shared_preload_libraries";

    /**
     * The operator's pg_hba rules, ahead of any client rule. Patroni reaches its own PostgreSQL over
     * the Unix socket as the superuser (use_unix_socket), replicas stream as the replication user,
     * and pg_rewind connects to the new primary's postgres database as the rewind user.
     */
    static final List<String> OPERATOR_HBA_RULES = List.of(
            "local all all scram-sha-256",
            "host replication " + PatroniRoles.REPLICATION + " all scram-sha-256",
            "host postgres " + PatroniRoles.REWIND + " all scram-sha-256");

    /**
     * The same with TLS: members reach each other over TLS only; the superuser logs in over the
     * network with a client certificate of the cluster's CA (the operator's), or with its password
     * when the spec allows it, and never without TLS.
     */
    static List<String> operatorHbaRules(ServedTls tls) {
        if (!tls.enabled()) {
            return OPERATOR_HBA_RULES;
        }
        return List.of(
                "local all all scram-sha-256",
                "hostssl replication " + PatroniRoles.REPLICATION + " all scram-sha-256",
                "hostssl postgres " + PatroniRoles.REWIND + " all scram-sha-256",
                "hostssl all " + PatroniRoles.SUPERUSER + " all " + (tls.superuserAccess() ? "scram-sha-256" : "cert"),
                "host all " + PatroniRoles.SUPERUSER + " all reject");
    }

    private PatroniConfigRenderer() {
    }

    /** @throws PatroniConfigException listing every problem {@link #problems} finds */
    public static RenderedPatroni render(PatroniRenderInput input) {
        List<Violation> problems = problems(input.spec());
        if (!problems.isEmpty()) {
            throw new PatroniConfigException(problems);
        }
        Bootstrap defaults = PatroniDefaults.bootstrap();
        DynamicConfig dcs = dynamicConfig(defaults.dcs(), input.spec(), input.tls());
        PatroniSpec patroni = input.spec().patroni;
        boolean etcd = patroni != null && patroni.dcs == PatroniSpec.Dcs.ETCD;
        PatroniConfig config = new PatroniConfig(input.scope(),
                etcd ? input.keySpace().patroniNamespace(input.namespace()) : null,
                restApi(input.layout(), input.tls()),
                etcd ? null : new KubernetesDcs(input.namespace(), new TreeMap<>(input.labels()), false),
                etcd ? etcd3(patroni.etcd) : null,
                // Patroni ignores bootstrap.pg_hba while postgresql.pg_hba is set, but 3.0.2's
                // --validate-config insists on it: the same rules keep the two from disagreeing.
                new Bootstrap(dcs, defaults.initdb(), dcs.postgresql().pgHba()),
                localPostgresql(input.layout(), input.tls()));
        return new RenderedPatroni(config, PatroniYaml.write(config), PatroniYaml.toMap(dcs),
                PatroniYaml.sha256(config.withoutBootstrap()));
    }

    /** Every reason {@link #render} would refuse this spec, without throwing; empty when it renders. */
    public static List<Violation> problems(WorkflowDatabaseSpec spec) {
        return PatroniSpecRules.problems(spec);
    }

    /** The library names a {@code shared_preload_libraries} value lists. */
    public static List<String> libraries(String value) {
        return PatroniSpecRules.libraries(value);
    }

    private static DynamicConfig dynamicConfig(DynamicConfig defaults, WorkflowDatabaseSpec spec, ServedTls tls) {
        PatroniSpec patroni = spec.patroni == null ? new PatroniSpec() : spec.patroni;
        PostgresqlSpec postgresql = spec.postgresql == null ? new PostgresqlSpec() : spec.postgresql;
        SynchronousMode mode = patroni.synchronousMode == null ? SynchronousMode.OFF : patroni.synchronousMode;
        boolean synchronous = mode != SynchronousMode.OFF;
        DynamicPostgresql pg = defaults.postgresql();
        return new DynamicConfig(
                firstNonNull(patroni.ttl, defaults.ttl()),
                firstNonNull(patroni.loopWait, defaults.loopWait()),
                firstNonNull(patroni.retryTimeout, defaults.retryTimeout()),
                firstNonNull(patroni.maximumLagOnFailover, defaults.maximumLagOnFailover()),
                // Explicit false, not absent: PATCH /config then turns synchronous replication off again.
                synchronous,
                mode == SynchronousMode.STRICT,
                synchronous ? firstNonNull(patroni.synchronousNodeCount, DEFAULT_SYNCHRONOUS_NODE_COUNT) : null,
                new DynamicPostgresql(
                        firstNonNull(patroni.usePgRewind, pg.usePgRewind()),
                        pg.useSlots(),
                        parameters(pg.parameters(), postgresql.parameters),
                        hbaRules(isEmpty(postgresql.pgHba) ? defaultClientRules(pg.pgHba(), tls) : postgresql.pgHba, tls)));
    }

    private static Map<String, String> parameters(Map<String, String> defaults, Map<String, String> user) {
        Map<String, String> merged = new TreeMap<>(defaults);
        if (user != null) {
            merged.putAll(user);
        }
        merged.put(SHARED_PRELOAD_LIBRARIES, withLibrary(merged.get(SHARED_PRELOAD_LIBRARIES), STATEMENT_STATISTICS));
        return merged;
    }

    /** Appends {@code library} to a comma-separated library list unless it is already there. */
    static String withLibrary(String libraries, String library) {
        if (libraries == null || libraries.isBlank()) {
            return library;
        }
        boolean present = Arrays.stream(libraries.split(","))
                .map(name -> name.strip().replace("\"", ""))
                .anyMatch(library::equals);
        return present ? libraries : libraries + "," + library;
    }

    private static List<String> hbaRules(List<String> clientRules, ServedTls tls) {
        List<String> rules = new ArrayList<>(operatorHbaRules(tls));
        rules.addAll(clientRules);
        return List.copyOf(rules);
    }

    /** The defaults' {@code host} rules become {@code hostssl} when clients must encrypt. */
    private static List<String> defaultClientRules(List<String> defaults, ServedTls tls) {
        if (!tls.clientsMustEncrypt()) {
            return defaults;
        }
        return defaults.stream().map(rule -> rule.startsWith("host ") ? "hostssl " + rule.substring(5) : rule).toList();
    }

    /**
     * The etcd section: hosts, and with a TLS Secret https and the paths of its files as the pod mounts
     * them. The user name and password never appear here: they reach Patroni as environment variables.
     */
    private static Etcd3Dcs etcd3(EtcdSpec etcd) {
        List<String> hosts = List.copyOf(etcd.hosts);
        if (etcd.tlsSecret == null) {
            return new Etcd3Dcs(hosts, etcd.credentialsSecret == null ? null : ETCD_HTTP, null, null, null);
        }
        return new Etcd3Dcs(hosts, ETCD_HTTPS, ETCD_TLS_DIRECTORY + "/" + ETCD_CA_FILE,
                ETCD_TLS_DIRECTORY + "/" + ETCD_CERT_FILE, ETCD_TLS_DIRECTORY + "/" + ETCD_KEY_FILE);
    }

    /** The protocol Patroni speaks to etcd, for {@link PatroniEnv#ETCD3_PROTOCOL}; null without etcd. */
    public static String etcdProtocol(WorkflowDatabaseSpec spec) {
        PatroniSpec patroni = spec.patroni;
        if (patroni == null || patroni.dcs != PatroniSpec.Dcs.ETCD || patroni.etcd == null) {
            return null;
        }
        return patroni.etcd.tlsSecret == null ? ETCD_HTTP : ETCD_HTTPS;
    }

    /**
     * Over HTTPS with TLS: {@code cafile} is also what Patroni verifies other members' REST APIs with
     * (their certificate names the pod's DNS name, the REST connect address with TLS).
     */
    private static RestApi restApi(PatroniLayout layout, ServedTls tls) {
        Credentials auth = new Credentials(PatroniRoles.REST_API);
        String listen = "0.0.0.0:" + layout.restApiPort();
        if (!tls.enabled()) {
            return new RestApi(listen, auth);
        }
        return new RestApi(listen, auth, ServedTls.file(ServedTls.CERT_FILE), ServedTls.file(ServedTls.KEY_FILE),
                ServedTls.file(ServedTls.CA_FILE));
    }

    /**
     * With TLS, replication and pg_rewind verify the primary's certificate against the cluster's CA;
     * only the CA, not the host name, since they connect to the pod's IP address.
     */
    private static LocalPostgresql localPostgresql(PatroniLayout layout, ServedTls tls) {
        Map<String, String> parameters = new TreeMap<>(Map.of("unix_socket_directories", layout.socketDirectory()));
        String sslmode = null;
        String rootCert = null;
        if (tls.enabled()) {
            parameters.put("ssl", "on");
            parameters.put("ssl_cert_file", ServedTls.file(ServedTls.CERT_FILE));
            parameters.put("ssl_key_file", ServedTls.file(ServedTls.KEY_FILE));
            parameters.put("ssl_ca_file", ServedTls.file(ServedTls.CA_FILE));
            sslmode = "verify-ca";
            rootCert = ServedTls.file(ServedTls.CA_FILE);
        }
        return new LocalPostgresql("0.0.0.0:" + layout.postgresPort(), layout.dataDirectory(), layout.binDirectory(),
                PGPASS, true,
                new Authentication(new Credentials(PatroniRoles.SUPERUSER),
                        new Credentials(PatroniRoles.REPLICATION, sslmode, rootCert),
                        new Credentials(PatroniRoles.REWIND, sslmode, rootCert)),
                parameters);
    }

    private static boolean isEmpty(List<?> list) {
        return list == null || list.isEmpty();
    }

    private static <T> T firstNonNull(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
